using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Workflows.Tests.Runtime;

public class DryRunTests
{
    private const string Flow = """
        definitionId: dry
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: done, type: bool, value: false }
        root:
          type: Sequence
          activities:
            - { id: write, type: Test.SideEffect, target: "crm/${ input.id }", apiToken: "${ input.token }" }
            - { id: after, type: SetVariable, variable: done, value: true }
        """;

    private static (WorkflowEngine Engine, IterationProbe Probe) Create()
    {
        var probe = new IterationProbe();
        return (Engine.Create(b =>
        {
            b.AddActivity<SideEffectActivity>();
            b.Services.AddSingleton(probe);
        }), probe);
    }

    [Fact]
    public async Task DryRun_SideEffect_IsJournaledWithItsInputsNotExecuted()
    {
        var (engine, probe) = Create();

        var result = await engine.DryRunAsync(engine.Load(Flow), JsonNode.Parse("""{"id": "42", "token": "t0p"}"""));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Empty(probe.Seen);
        var skipped = Assert.Single(result.Journal, j => j.ActivityId == "write");
        Assert.Equal("skipped (dry run)", skipped.Note);
        Assert.Equal("Done", skipped.Outcome);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"target": "crm/42", "apiToken": "***"}"""), skipped.Inputs));
        Assert.Equal(true, result.Variables["done"]);
        Assert.Null(Assert.Single(result.Journal, j => j.ActivityId == "after").Note);
    }

    [Fact]
    public async Task Run_SideEffect_IsExecutedAfterADryRun()
    {
        var (engine, probe) = Create();
        var workflow = engine.Load(Flow);
        await engine.DryRunAsync(workflow, JsonNode.Parse("""{"id": "1"}"""));

        var result = await engine.RunAsync(workflow, JsonNode.Parse("""{"id": "2"}"""));

        Assert.Equal(["crm/2"], probe.Seen.ToArray()); // the dry run did not leak into the later real run
        Assert.Null(Assert.Single(result.Journal, j => j.ActivityId == "write").Note);
    }
}
