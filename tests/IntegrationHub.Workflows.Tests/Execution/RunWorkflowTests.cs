using System.Text.Json.Nodes;
using IntegrationHub.Testing;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Workflows.Tests.Runtime;

/// <summary>RunWorkflow: child runs through the catalog, its variables come back, a fault or runaway recursion faults the parent.</summary>
public sealed class RunWorkflowTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ServiceProvider _services;

    public RunWorkflowTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddWorkflowEngine();
        _services = services.BuildServiceProvider();
    }

    private WorkflowCatalog Catalog => _services.GetRequiredService<WorkflowCatalog>();

    private CatalogEntry Add(string name, string yaml)
    {
        File.WriteAllText(_dir.File(name), yaml);
        var entry = Catalog.LoadFile(_dir.File(name));
        Assert.True(entry is not null, string.Join('\n', Catalog.Rejected.Values.SelectMany(r => r.Errors)));
        return entry;
    }

    private const string Child = """
        definitionId: child
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: greeting, type: string }
        root:
          type: Flowchart
          activities:
            - { id: check, type: If, condition: "${ input.fail }" }
            - { id: boom, type: Fail, message: "no greeting for ${ input.name }" }
            - { id: greet, type: SetVariable, variable: greeting, value: "hello ${ input.name }" }
          connections:
            - check:True -> boom
            - check:False -> greet
        """;

    private const string Parent = """
        definitionId: parent
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: child, type: json }
        root:
          type: Sequence
          activities:
            - { id: call, type: RunWorkflow, definitionId: child, input: "${ input }", resultVariable: child }
        """;

    [Fact]
    public async Task RunWorkflow_FinishedChild_ReturnsItsVariables()
    {
        Add("child.yaml", Child);
        var parent = Add("parent.yaml", Parent);

        var result = await _services.GetRequiredService<WorkflowEngine>().RunAsync(parent.Workflow, JsonNode.Parse("""{"name": "Ada", "fail": false}"""));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        var child = (JsonNode)result.Variables["child"]!;
        Assert.Equal("Finished", (string?)child["status"]);
        Assert.Equal(1, (int)child["version"]!);
        Assert.Equal("hello Ada", (string?)child["variables"]!["greeting"]);
    }

    [Fact]
    public async Task RunWorkflow_FaultedChild_FaultsTheParentWithTheChildsIncident()
    {
        Add("child.yaml", Child);
        var parent = Add("parent.yaml", Parent);

        var result = await _services.GetRequiredService<WorkflowEngine>().RunAsync(parent.Workflow, JsonNode.Parse("""{"name": "Bob", "fail": true}"""));

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("call", result.Incident!.ActivityId);
        Assert.Equal("child workflow 'child' v1 faulted at 'boom': no greeting for Bob", result.Incident.Message);
    }

    [Fact]
    public async Task RunWorkflow_MutualRecursion_StopsAtTheDepthLimit()
    {
        var ping = Add("ping.yaml", """
            definitionId: ping
            version: 1
            trigger: { type: Manual }
            root: { type: Sequence, activities: [ { id: to-pong, type: RunWorkflow, definitionId: pong } ] }
            """);
        Add("pong.yaml", """
            definitionId: pong
            version: 1
            trigger: { type: Manual }
            root: { type: Sequence, activities: [ { id: to-ping, type: RunWorkflow, definitionId: ping } ] }
            """);

        var result = await _services.GetRequiredService<WorkflowEngine>().RunAsync(ping.Workflow);

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Matches(@"^child workflow 'pong' v1 faulted at 'to-ping': child workflow 'ping' v1 faulted at 'to-pong': .*RunWorkflow '(ping|pong)' would nest deeper than 8 workflows \(recursion\?\)\.$", result.Incident!.Message);
    }

    [Fact]
    public async Task RunWorkflow_ChildNotLoaded_FaultsNamingIt()
    {
        var parent = Add("parent.yaml", Parent.Replace("definitionId: child", "definitionId: '${ input.which }'", StringComparison.Ordinal));

        var result = await _services.GetRequiredService<WorkflowEngine>().RunAsync(parent.Workflow, JsonNode.Parse("""{"which": "ghost"}"""));

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("workflow 'ghost' is not loaded", result.Incident!.Message);
    }

    public void Dispose()
    {
        _services.Dispose();
        _dir.Dispose();
    }
}
