using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IntegrationHub.IntegrationTests.Hosting;
using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>
/// Durability against the real binary: suspend, kill the host process (no graceful shutdown), start it again on the
/// same SQLite file, and the instance continues exactly once (event) or by itself (timer). Plus the CLI cancel verb.
/// </summary>
public sealed partial class DurableRuntimeProcessTests : IDisposable
{
    private const string ApiKey = "process-key-0123456789";
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task SuspendedInstance_SurvivesAKilledHost_AndAfterTheRestartAnEventSentTwiceResumesItOnce()
    {
        WriteWorkflow("approval.yaml", """
            definitionId: approval
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: steps, type: int, value: 0 }
            root:
              type: Flowchart
              activities:
                - { id: before, type: SetVariable, variable: steps, value: "${ steps + 1 }" }
                - { id: wait, type: WaitForEvent, event: order.approved, correlationKey: "${ input.orderNumber }" }
                - { id: after, type: SetVariable, variable: steps, value: "${ steps + 10 }" }
              connections:
                - before:Done -> wait
                - wait:Done -> after
            """);
        Guid id;
        using (var first = Start())
        {
            using var http = await ClientAsync(first);
            id = await RunAsync(http, "approval", """{"orderNumber":"SO-1"}""");
        } // killed, not stopped

        using var second = Start();
        using var client = await ClientAsync(second);
        var posts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.PostAsync("api/v1/events/order.approved", Json("""{"correlationId":"SO-1"}"""))));

        var resumed = new List<Guid>();
        foreach (var post in posts)
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            resumed.AddRange(JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("resumed").EnumerateArray().Select(r => r.GetProperty("instanceId").GetGuid()));
            post.Dispose();
        }

        Assert.Equal([id], resumed);
        var instance = JsonDocument.Parse(await client.GetStringAsync($"api/v1/workflow-instances/{id}")).RootElement;
        Assert.Equal("Finished", instance.GetProperty("subStatus").GetString());
        Assert.Equal(11, instance.GetProperty("variables").GetProperty("steps").GetInt32());
        Assert.Equal(["before", "wait", "wait", "after", "root"], DurableWorkflowTests.Activities(instance));
    }

    [Fact]
    public async Task DelayTimer_FiresAfterTheHostWasKilledAndRestarted()
    {
        WriteWorkflow("napping.yaml", """
            definitionId: napping
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - { id: nap, type: Delay, duration: "00:00:02" }
                - { id: awake, type: Log, message: awake }
            """);
        Guid id;
        using (var first = Start())
        {
            using var http = await ClientAsync(first);
            id = await RunAsync(http, "napping", "{}");
        }

        using var second = Start();
        using var client = await ClientAsync(second);
        var instance = await Eventually.Await(async () => JsonDocument.Parse(await client.GetStringAsync($"api/v1/workflow-instances/{id}")).RootElement,
            i => i.GetProperty("status").GetString() == "Finished", TimeSpan.FromSeconds(60), "the re-armed timer fires");

        Assert.Equal("Finished", instance.GetProperty("subStatus").GetString());
        Assert.Equal(["nap", "nap", "awake", "root"], DurableWorkflowTests.Activities(instance));
    }

    [Fact]
    public async Task CliCancel_AgainstTheRunningHub_CancelsASuspendedInstance_AndReportsUnknownOnes()
    {
        await using var hub = await HubTestHost.StartAsync(workflows: new Dictionary<string, string> { ["napping.yaml"] = """
            definitionId: napping
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - { id: nap, type: Delay, duration: "1.00:00:00" }
            """ });
        var id = await DurableWorkflowTests.StartAsync(hub, "napping", "{}");
        var env = new Dictionary<string, string> { ["HUB_API_KEY"] = HubTestHost.ApiKey };

        using var cancel = HostProcess.Start(Repository.Root, env, "cancel", id.ToString(), "--url", hub.Http.BaseAddress!.ToString());
        Assert.Equal(0, await cancel.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        using var unknown = HostProcess.Start(Repository.Root, env, "cancel", Guid.NewGuid().ToString(), "--url", hub.Http.BaseAddress!.ToString());
        Assert.Equal(3, await unknown.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains($"{id}: Cancelled", cancel.Stdout);
        Assert.Contains("404 No workflow instance", unknown.Stderr);
        Assert.Equal("Cancelled", (await hub.GetJsonAsync($"api/v1/workflow-instances/{id}")).GetProperty("subStatus").GetString());
    }

    public void Dispose() => _dir.Dispose();

    private void WriteWorkflow(string name, string yaml) =>
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(_dir.File("workflows")).FullName, name), yaml);

    private HostProcess Start() => HostProcess.Start(_dir.Path, new Dictionary<string, string>
    {
        ["HUB_API_KEY"] = ApiKey,
        ["Hub__Urls"] = "http://127.0.0.1:0",
        ["Hub__OrdersTopic"] = SharedKafka.UniqueName("erp.orders"),
        ["Kafka__BootstrapServers"] = SharedKafka.BootstrapServers,
        ["Store__SqlitePath"] = _dir.File("hub.db"),
        ["Workflows__Path"] = _dir.File("workflows"),
    });

    private static async Task<HttpClient> ClientAsync(HostProcess host)
    {
        var url = await Eventually.Await(() => ListeningPattern().Match(host.Stdout), m => m.Success, TimeSpan.FromSeconds(90), "the host logs where it listens");
        var http = new HttpClient { BaseAddress = new Uri(url.Groups[1].Value) };
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return http;
    }

    private static async Task<Guid> RunAsync(HttpClient http, string definitionId, string input)
    {
        using var response = await http.PostAsync($"api/v1/workflows/{definitionId}/run", Json(input));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Suspended", body.GetProperty("subStatus").GetString());
        return body.GetProperty("instanceId").GetGuid();
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [GeneratedRegex(@"listening on (http://\S+) in")]
    private static partial Regex ListeningPattern();
}
