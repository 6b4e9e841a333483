using System.Globalization;
using System.Text.Json.Nodes;
using IntegrationHub.IntegrationTests.Hosting;
using IntegrationHub.Kafka.Envelope;
using IntegrationHub.IntegrationTests.Orders;
using IntegrationHub.Sandbox.Hosting;
using IntegrationHub.Sandbox.Kingdee;
using IntegrationHub.Sandbox.Mailchimp;
using IntegrationHub.Sandbox.Xero;
using IntegrationHub.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>
/// The vendor systems and Kafka outlive the hub: the hub binary runs <c>workflows/crm-customers.yaml</c> on a schedule, is
/// SIGKILLed at a random point of the customer sync (after a random number of accounts reached the ERP), and is started
/// again on the same SQLite file. Afterwards every CRM account is in the ERP, finance and marketing exactly once, and its
/// change event is on the topic. Rounds: <c>HUB_SIGKILL_ROUNDS</c> (default 1; the bar, 10 in a row, is run with
/// <c>HUB_SIGKILL_ROUNDS=10</c>); the kill point's seed is <c>HUB_SIGKILL_SEED</c> (random by default, printed on failure).
/// </summary>
[Collection(HubKilledDuringPushTests.Name)]
public sealed class HubKilledDuringCustomerSyncTests
{
    private const string ApiKey = "sigkill-sync-key-0123456789abcdef";
    private const int Accounts = 30; // two Xero calls each: about a minute of Xero's 60 calls per minute
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task HubSigkilledDuringACustomerSync_AfterRestartEveryAccountIsInEveryTargetExactlyOnce()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("HUB_SIGKILL_ROUNDS"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("HUB_SIGKILL_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Random.Shared.Next();
        var random = new Random(seed);
        for (var round = 1; round <= rounds; round++)
        {
            await RoundAsync(round, seed, random.Next(1, Accounts));
        }
    }

    private static async Task RoundAsync(int round, int seed, int killAfter)
    {
        using var dir = new TempDirectory();
        await using var sandboxes = await SandboxSystems.StartAsync(new ConfigurationBuilder().Build(), demo: false);
        var erp = ((KingdeeSandbox)sandboxes.Systems.Single(x => x.System == "kingdee").Owner).Store;
        var finance = ((XeroSandbox)sandboxes.Systems.Single(x => x.System == "xero").Owner).Contacts;
        var marketing = ((MailchimpSandbox)sandboxes.Systems.Single(x => x.System == "mailchimp").Owner).Members;
        var before = (erp.Count("BD_Customer"), finance.Count, marketing.Count);
        var ids = Enumerable.Range(1, Accounts).Select(i => sandboxes.Fxiaoke!.Records.Create("AccountObj", new JsonObject
        {
            ["name"] = $"Kill Round {round} Account {i:D3}",
            ["tel"] = $"138{round % 10}{i:D7}",
            ["email"] = $"buyer{i}@round{round}.example",
        }, null)).ToList();

        var topic = SharedKafka.UniqueName("crm.customers");
        var workflows = Directory.CreateDirectory(dir.File("workflows")).FullName;
        File.WriteAllText(Path.Combine(workflows, "crm-customers.yaml"), File.ReadAllText(Path.Combine(Repository.Root, "workflows", "crm-customers.yaml"))
            .Replace("interval: PT1M", "interval: PT2S", StringComparison.Ordinal)
            .Replace("topic: crm.customers", $"topic: {topic}", StringComparison.Ordinal));
        var port = LoopbackPorts.Free();
        var env = new Dictionary<string, string>
        {
            ["HUB_API_KEY"] = ApiKey,
            ["Hub__Urls"] = $"http://127.0.0.1:{port}",
            ["Hub__OrdersTopic"] = SharedKafka.UniqueName("erp.orders"),
            ["Kafka__BootstrapServers"] = SharedKafka.BootstrapServers,
            ["Kafka__SessionTimeout"] = "00:00:06",
            ["Store__SqlitePath"] = dir.File("hub.db"),
            ["Workflows__Path"] = workflows,
        };
        foreach (var (key, value) in sandboxes.ConnectorSettings())
        {
            env[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(20) };
        var what = $"round {round} (HUB_SIGKILL_SEED={seed}, killed after {killAfter} of {Accounts} accounts reached the ERP)";
        var first = HostProcess.Start(dir.Path, env);
        try
        {
            await Eventually.Await(() => erp.Count("BD_Customer") - before.Item1, c => c >= killAfter, Wait, $"{what}: the sync under way");
            first.Kill(); // mid-sync: a page half done, writes in flight, events queued

            using var second = HostProcess.Start(dir.Path, env);
            await Eventually.Await(() => (erp.Count("BD_Customer"), finance.Count, marketing.Count), c => c.Item1 - before.Item1 >= Accounts && c.Item2 - before.Item2 >= Accounts && c.Item3 - before.Item3 >= Accounts,
                Wait, $"{what}: every account in every target");
            var events = await Eventually.Await(async () => await KafkaProbe.ReadAllAsync(topic, minimum: Accounts, timeout: TimeSpan.FromSeconds(5)),
                e => e.Select(r => r.Message.Headers.TryGetLastBytes(CloudEventKafkaCodec.SubjectHeader, out var subject) ? System.Text.Encoding.UTF8.GetString(subject) : "").Distinct().Count() >= Accounts, Wait, $"{what}: a change event per account");

            Assert.Equal((before.Item1 + Accounts, before.Item2 + Accounts, before.Item3 + Accounts), (erp.Count("BD_Customer"), finance.Count, marketing.Count)); // nothing twice
            Assert.All(ids, id => Assert.NotNull(erp.Field("BD_Customer", "CRM-" + id, "FName")));
            Assert.All(ids, id => Assert.NotNull(finance.Get("CRM-" + id)));
            Assert.True(events.Count >= Accounts, what);
            second.Interrupt();
            Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            first.Dispose();
            SqliteConnection.ClearAllPools();
        }
    }
}
