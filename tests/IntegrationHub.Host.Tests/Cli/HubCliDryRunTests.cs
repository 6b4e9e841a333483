using IntegrationHub.Host.Cli;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests.Cli;

/// <summary><c>run --dry-run</c>: side effects are skipped and journaled with their evaluated inputs; nothing is sent.</summary>
public sealed class HubCliDryRunTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_DryRun_SkipsSideEffectsAndPrintsTheirInputs()
    {
        var requests = 0;
        await using var server = await LoopbackServer.StartAsync(_ =>
        {
            Interlocked.Increment(ref requests);
            return Task.CompletedTask;
        });
        Environment.SetEnvironmentVariable("Workflows__HttpClients__erp__BaseAddress", server.BaseUrl.ToString());
        Environment.SetEnvironmentVariable("Workflows__HttpClients__erp__Headers__X-Api-Key", "do-not-print-me");
        File.WriteAllText(_dir.File("flow.yaml"), """
            definitionId: dry
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: note, type: string, value: before }
            root:
              type: Flowchart
              activities:
                - { id: publish, type: PublishMessage, topic: erp.orders, key: "${ input.customer }", eventType: com.example.synced.v1, payload: "${ input }" }
                - { id: call, type: SendHttpRequest, client: erp, method: POST, path: "orders/${ input.order }", headers: { Authorization: Bearer abc } }
                - { id: after, type: SetVariable, variable: note, value: "ran ${ input.order }" }
              connections:
                - publish -> call
                - call:Success -> after
            """);
        File.WriteAllText(_dir.File("in.json"), """{"customer": "C-1", "order": "SO-7"}""");
        var output = new StringWriter();
        var error = new StringWriter();

        int exit;
        try
        {
            exit = await HubCli.RunAsync(["run", "dry", "--path", _dir.Path, "--input", _dir.File("in.json"), "--dry-run"], output, error);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Workflows__HttpClients__erp__BaseAddress", null);
            Environment.SetEnvironmentVariable("Workflows__HttpClients__erp__Headers__X-Api-Key", null);
        }

        var text = output.ToString();
        Assert.True(exit == 0, text + error);
        Assert.Contains("dry v1: Finished / Finished (dry run: side effects skipped, nothing published or stored)", text);
        Assert.Matches(@"publish\s+PublishMessage\s+Done\s+0\.000\s+skipped \(dry run\)", text);
        Assert.Contains("""inputs {"topic":"erp.orders","key":"C-1","eventType":"com.example.synced.v1","payload":{"customer":"C-1","order":"SO-7"}}""", text);
        Assert.Matches(@"call\s+SendHttpRequest\s+Success\s+0\.000\s+skipped \(dry run\)", text);
        Assert.Contains("\"path\":\"orders/SO-7\",\"headers\":{\"Authorization\":\"***\"}", text);
        Assert.Contains("var note = \"ran SO-7\"", text); // the flow went on along the first outcome
        Assert.DoesNotContain("do-not-print-me", text);
        Assert.DoesNotContain("Bearer abc", text);
        Assert.Equal(0, requests);
    }

    [Fact]
    public async Task Run_PublishWithoutDryRun_FaultsSayingTheCliCannotPublish()
    {
        File.WriteAllText(_dir.File("pub.yaml"), """
            definitionId: pub
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - { id: publish, type: PublishMessage, topic: erp.orders, key: k, eventType: com.example.v1, payload: 1 }
            """);
        var output = new StringWriter();

        var exit = await HubCli.RunAsync(["run", "pub", "--path", _dir.Path], output, new StringWriter());

        Assert.Equal(1, exit);
        Assert.Contains("pub v1: Finished / Faulted", output.ToString());
        Assert.Contains("No Kafka publisher in this process (the CLI's run has none: use --dry-run, or run the workflow on the hub).", output.ToString());
    }

    public void Dispose() => _dir.Dispose();
}
