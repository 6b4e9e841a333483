using System.Collections.Concurrent;
using System.Globalization;
using IntegrationHub.IntegrationTests.Orders;
using IntegrationHub.Sandbox.Hosting;
using IntegrationHub.Testing;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.IntegrationTests.Scale;

/// <summary>
/// Three hub processes on one PostgreSQL store and one Kafka cluster, while an ERP pushes orders to whichever hub answers
/// and customers are created and edited in the CRM (the customer flow runs on a two-second schedule): one hub at a time
/// is SIGKILLed at a random moment and started again, <c>HUB_CHAOS_KILLS</c> times (default 10). The store, Kafka and the
/// vendor systems outlive the hubs. At the end every order answered 202 is in the CRM exactly once, every customer is in
/// the ERP, finance and marketing once with its last edit, every schedule slot ran once, no instance ran steps on two
/// nodes at once, and nothing was dead-lettered.
/// </summary>
[Collection(HubKilledDuringPushTests.Name)]
public sealed class HubsKilledOnPostgresTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string ApiKey = "chaos-key-0123456789abcdef";
    private const int Orders = 600;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task ThreeHubsOnePostgres_KilledAtRandom_OrdersAndCustomersArriveExactlyOnce_SchedulesFireOncePerSlot()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("HUB_CHAOS_KILLS"), CultureInfo.InvariantCulture, out var k) && k > 0 ? k : 10;
        using var dir = new TempDirectory();
        await using var sandboxes = await SandboxSystems.StartAsync(new ConfigurationBuilder().Build(), demo: false);
        var topic = SharedKafka.UniqueName("erp.orders");
        var store = await SharedPostgres.CreateDatabaseAsync("chaos");
        var env = HubCluster.Environment(ApiKey, topic, store, sandboxes);
        // A fire the killed node had taken waits for the others to notice (about 10 s), and a node killed again soon after
        // adds its own wait: fires run late, under their own slots, up to the misfire threshold. Past it the schedule's
        // misfire rule (one catch-up run) would stand for the late slots, which is by design and tested on its own
        // (ClusteredScheduleTests); here the threshold is wide enough that every slot has to run, once.
        env["Workflows__ScheduleMisfireThreshold"] = "00:05:00";
        var flows = new Dictionary<string, string>
        {
            ["erp-orders-to-crm.yaml"] = HubTestHost.OrderFlow(topic), // one consumer group for every node
            ["crm-customers.yaml"] = CustomerChurn.Flow(SharedKafka.UniqueName("crm.customers")),
        };
        var nodes = Enumerable.Range(0, 3).Select(i => new HubNode(dir, i, ApiKey, flows, env)).ToList();
        var customers = new CustomerChurn(sandboxes, "Chaos");
        var accepted = new ConcurrentDictionary<string, string>();
        var unanswered = new ConcurrentQueue<int>();
        var next = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Phase(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {what}");
        try
        {
            nodes.ForEach(n => n.Start());
            foreach (var node in nodes)
            {
                await node.UpAsync();
            }

            Phase("three nodes up");
            using var pushing = new CancellationTokenSource();
            var churn = customers.RunAsync(accounts: 15, TimeSpan.FromMilliseconds(700), pushing.Token);
            var pushers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
            {
                // About 13 orders a second in all, spread over the kills, as a busy ERP pushes.
                for (var i = Interlocked.Increment(ref next); i <= Orders && !pushing.IsCancellationRequested; i = Interlocked.Increment(ref next))
                {
                    if (!await PushAsync(nodes[i % nodes.Count].Http, i, accepted))
                    {
                        unanswered.Enqueue(i);
                    }

                    await Task.Delay(300);
                }
            })).ToList();

            var random = new Random(20261203);
            for (var kill = 0; kill < kills; kill++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 + random.Next(1500)));
                var victim = nodes[random.Next(nodes.Count)];
                victim.Kill(); // mid-push: requests in flight, records being consumed, CRM calls under way
                victim.Start();
                await victim.UpAsync();
            }

            Phase($"{kills} kills done, {Volatile.Read(ref next)} orders pushed");
            await pushing.CancelAsync(); // the pushers have usually sent every order by now
            await Task.WhenAll(pushers);
            await churn;

            Phase($"pushers and customer churn done; {unanswered.Count} pushes to retry");
            // The ERP retries what got no answer, with the same Idempotency-Key.
            while (unanswered.TryDequeue(out var i))
            {
                await Eventually.Await(() => PushAsync(nodes[i % nodes.Count].Http, i, accepted), ok => ok, Wait, $"order {i} accepted on retry");
            }

            var expected = accepted.Keys.ToHashSet(StringComparer.Ordinal);
            Assert.True(expected.Count >= 200, $"only {expected.Count} orders were accepted while hubs were killed");
            await HubCluster.AssertInCrmExactlyOnceAsync(sandboxes, expected, Wait, nodes, $"after {kills} kills");
            Phase("every accepted order in the CRM once");
            Assert.True(customers.Count >= 10, $"only {customers.Count} customers were created while hubs were killed");
            await customers.AssertInEveryTargetOnceAsync(Wait);
            Phase("every customer in every target once");
            var (slots, latest) = await HubCluster.AssertEverySlotRanOnceAsync(store, "crm-customers", TimeSpan.FromSeconds(2));
            var handedOver = await HubCluster.AssertNoStepRanOnTwoNodesAtOnceAsync(store);
            output.WriteLine($"{kills} kills: {expected.Count} orders, {customers.Count} customers, {slots} schedule slots (latest start {latest.TotalSeconds:0.0} s after its slot), {handedOver} instances continued on another node");
            foreach (var node in nodes)
            {
                using var list = System.Text.Json.JsonDocument.Parse(await node.Http.GetStringAsync("api/v1/flows"));
                Assert.All(list.RootElement.GetProperty("flows").EnumerateArray(), f => Assert.Equal(0, f.GetProperty("deadLettered").GetInt64()));
            }

            var quarantined = (await nodes[0].Http.GetStringAsync("api/v1/quarantine?flow=crm-customers"));
            Assert.DoesNotContain("Chaos Trading", quarantined, StringComparison.Ordinal);
            Assert.True(nodes.Sum(n => n.Kills) == kills);
        }
        finally
        {
            nodes.ForEach(n => n.Dispose());
        }
    }

    private static Task<bool> PushAsync(HttpClient http, int i, ConcurrentDictionary<string, string> accepted) =>
        ErpPush.TryAsync(http, $"SO-C-{i:D5}", $"chaos-{i}", $"CUST{i % 8:D5}", accepted);
}
