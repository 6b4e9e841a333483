using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Execution;
using IntegrationHub.Workflows.Model;

namespace IntegrationHub.Workflows.Tests.Elsa;

/// <summary>Elsa's own definitions load unchanged and give the results Elsa's tests assert for them.</summary>
public class ElsaImportTests
{
    [Theory]
    [InlineData("ImportAndExecute-writeline.json", new[] { "Dummy Text" })]
    [InlineData("ImportAndExecute-implicit-loop.json", new[] { "Do something", "Retry", "Do something", "Done" })]
    [InlineData("ExplicitJoins-join-all-1.json", new[] { "Start", "Line 1", "Line 2", "End" })]
    [InlineData("ExplicitJoins-join-any-1.json", new[] { "Start", "End" })]
    public async Task ElsasDefinition_Runs_WithTheLinesElsaWrites_AndFinishes(string file, string[] expected)
    {
        var result = await ElsaDefinitions.RunAsync(file);

        Assert.Equal(expected, ElsaDefinitions.Lines(result));
        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
    }

    [Fact]
    public async Task ForkDecisionJoinWaitAll_WritesACBD_TheJoinNeverCompletes_AndTheFaultFaultsTheInstance()
    {
        var result = await ElsaDefinitions.RunAsync("JoinBehaviors-fork-decision-join-waitall.json");

        Assert.Equal(["A", "C", "B", "D"], ElsaDefinitions.Lines(result));
        Assert.DoesNotContain("F", ElsaDefinitions.Lines(result));
        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Contains("that went south", result.Incident!.Message);
        Assert.Equal("cfffbc06a0b6eeb0", result.Incident.ActivityId);
    }

    [Fact]
    public async Task ForkDecisionJoinNone_AnActivityWithTwoInboundConnections_RunsOnTheBranchThatArrives()
    {
        var result = await ElsaDefinitions.RunAsync("JoinBehaviors-fork-decision-join-none.json");

        Assert.Equal(["A", "C"], ElsaDefinitions.Lines(result).Order().ToArray());
        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
    }

    [Theory]
    [InlineData("FlowchartCompletion-workflow1.json")]
    [InlineData("FlowchartCompletion-workflow2.json")]
    public async Task FlowchartCompletion_Finishes(string file)
    {
        var result = await ElsaDefinitions.RunAsync(file);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.NotEmpty(ElsaDefinitions.Lines(result));
    }

    [Fact]
    public async Task ParallelForEach_RunsItsBodyPerItem_WithTheItemAsCurrentValue()
    {
        var result = await ElsaDefinitions.RunAsync("FlowchartCompletion-workflow6.json");

        var lines = ElsaDefinitions.Lines(result);
        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal("Start", lines[0]);
        Assert.Equal("End", lines[^1]);
        Assert.Equal(["Current fruit: Apple", "Current fruit: Banana", "Current fruit: Cherry"], lines[1..^1].Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ParallelForEach_WithAJoinInItsBody_CompletesOnce()
    {
        var result = await ElsaDefinitions.RunAsync("JoinBehaviors-parallel-join.json");

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        var loop = Assert.Single(result.Journal, e => e.ActivityId == "70fc1183cd5800f2");
        Assert.Equal("Done", loop.Outcome);
        Assert.Equal(3, result.Journal.Count(e => e.ActivityId == "343d233a75d8d8e9")); // the line after the join, once per item
    }

    [Fact]
    public async Task RunJavaScript_SumsTheDeclaredInputs_IntoTheWorkflowsOutput()
    {
        var result = await ElsaDefinitions.RunAsync("ParentChildOutputMapping-sum.json", new JsonObject { ["A"] = 2, ["B"] = 3 });

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(5L, result.Variables["Result"]);
    }

    [Fact]
    public async Task RunJavaScript_CompletesWithTheOutcomeItSets()
    {
        var definition = JsonNode.Parse("""
            { "definitionId": "outcomes", "version": 1,
              "variables": [ { "id": "v", "name": "Seen", "typeName": "String" } ],
              "root": { "id": "F", "type": "Elsa.Flowchart", "activities": [
                { "id": "Pick", "type": "Elsa.RunJavaScript",
                  "script": { "typeName": "String", "expression": { "type": "Literal", "value": "setOutcome(getInput('big') ? 'Large' : 'Small'); 'picked'" } },
                  "possibleOutcomes": { "typeName": "String[]", "expression": { "type": "Object", "value": "[\"Large\",\"Small\"]" } },
                  "result": { "typeName": "Object", "memoryReference": { "id": "v" } } },
                { "id": "L", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "large" } } },
                { "id": "S", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "small" } } } ],
                "connections": [
                  { "source": { "activity": "Pick", "port": "Large" }, "target": { "activity": "L", "port": "In" } },
                  { "source": { "activity": "Pick", "port": "Small" }, "target": { "activity": "S", "port": "In" } } ] } }
            """)!.ToJsonString();
        var engine = ElsaDefinitions.Engine();
        var loaded = engine.Load("outcomes.json", definition);
        Assert.True(loaded.Succeeded, string.Join(Environment.NewLine, loaded.Errors));

        var big = await engine.RunAsync(loaded.Workflow!, new JsonObject { ["big"] = true });
        var small = await engine.RunAsync(loaded.Workflow!, new JsonObject { ["big"] = false });

        Assert.Equal(["large"], ElsaDefinitions.Lines(big));
        Assert.Equal(["small"], ElsaDefinitions.Lines(small));
        Assert.Equal("picked", big.Variables["Seen"]);
    }

    [Fact]
    public async Task SetOutcome_OnAnInputExpression_FaultsNamingWhereItWorks()
    {
        var definition = """
            { "definitionId": "misplaced", "version": 1, "variables": [ { "id": "v", "name": "X", "typeName": "Object" } ],
              "root": { "id": "F", "type": "Elsa.Flowchart", "activities": [
                { "id": "Set", "type": "Elsa.SetVariable", "variable": { "id": "v" },
                  "value": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "setOutcome('A')" } } } ] } }
            """;
        var engine = ElsaDefinitions.Engine();

        var result = await engine.RunAsync(engine.Load("misplaced.json", definition).Workflow!);

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Contains("setOutcome works in Elsa.RunJavaScript", result.Incident!.Message);
    }

    [Fact]
    public async Task JavaScriptThatReturnsAnObject_SetsObjectVariables_AndGetVariableNameReadsThem()
    {
        var result = await ElsaDefinitions.RunAsync("JsonObjectSerialization-instance-serialization.json");

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        var first = Assert.IsAssignableFrom<JsonObject>(result.Variables["Variable1"]);
        Assert.Equal("http://json-schema.org/draft-07/schema#", first["inputSchema"]?["$schema"]?.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(first, result.Variables["Variable2"] as JsonNode));
    }

    [Theory]
    [InlineData("ImportAndPublish-http-workflow.json", "Webhook", null, null)]
    [InlineData("ImportAndPublish-cron-every-hour.json", "Schedule", "cron", "0 0 * * * ?")]
    [InlineData("ImportAndPublish-timer-workflow.json", "Schedule", "interval", "00:01:00")]
    public void ATriggerActivity_BecomesTheHubTrigger_BesideManual(string file, string trigger, string? setting, string? value)
    {
        var loaded = ElsaDefinitions.Load(file);

        Assert.True(loaded.Succeeded, string.Join(Environment.NewLine, loaded.Errors));
        var definition = loaded.Workflow!.Definition;
        Assert.Equal(DefinitionFormat.Elsa, definition.Format);
        Assert.Equal(["Manual", trigger], definition.Triggers.Select(t => t.Type).Order(StringComparer.Ordinal).ToArray());
        if (setting is not null)
        {
            var settings = definition.Triggers.Single(t => t.Type == trigger).Settings;
            Assert.Equal(value, ((LiteralSource)settings[setting]).Value?.GetValue<string>());
        }
    }

    [Fact]
    public void EveryActivity_KeepsItsOriginalJson()
    {
        var loaded = ElsaDefinitions.Load("ImportAndExecute-implicit-loop.json");

        var root = loaded.Workflow!.Definition.Root;
        Assert.Equal("Elsa.Flowchart", root.Original!["type"]!.GetValue<string>());
        var decision = root.Activities.Single(a => a.Id == "FlowDecision1");
        Assert.Equal("If", decision.Type);
        Assert.Equal("getCounter() > 1", decision.Original!["condition"]!["expression"]!["value"]!.GetValue<string>());
        Assert.Equal("Start1", root.StartId);
    }

    [Fact]
    public void ALoadErrorOfAnImportedActivity_NamesItByItsElsaTypeAndProperty_WithTheHubActivity()
    {
        const string Definition = """
            {
              "definitionId": "named-in-elsa",
              "root": {
                "type": "Elsa.Flowchart", "id": "Flowchart1",
                "activities": [
                  { "id": "Start1", "type": "Elsa.Start" },
                  { "id": "Wait1", "type": "Elsa.Event" },
                  { "id": "Decide1", "type": "Elsa.FlowDecision", "condition": { "typeName": "Boolean", "expression": { "type": "Literal", "value": "true" } } }
                ],
                "connections": [
                  { "source": { "activity": "Start1", "port": "Done" }, "target": { "activity": "Wait1", "port": "In" } },
                  { "source": { "activity": "Wait1", "port": "Done" }, "target": { "activity": "Decide1", "port": "In" } },
                  { "source": { "activity": "Decide1", "port": "Maybe" }, "target": { "activity": "Start1", "port": "In" } }
                ]
              }
            }
            """;

        var loaded = ElsaDefinitions.Engine().Load("named-in-elsa.json", Definition);

        Assert.False(loaded.Succeeded);
        Assert.Contains(loaded.Errors, e => e.Message.StartsWith("'Elsa.Event' (the hub's WaitForEvent) needs input 'eventName'", StringComparison.Ordinal));
        Assert.Contains(loaded.Errors, e => e.Message.StartsWith("'Decide1' (Elsa.FlowDecision, the hub's If) has no outcome 'Maybe'", StringComparison.Ordinal));
        Assert.DoesNotContain(loaded.Errors, e => e.Message.Contains("'event'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ParentChildOutputMapping-consumer.json", "'Producer' (id 'xcyl3fg7gg2uxcd4') is a workflow used as an activity")]
    public void WhatTheHubCannotRun_IsALoadErrorNamingIt_WithItsPosition(string file, string named)
    {
        var loaded = ElsaDefinitions.Load(file);

        Assert.False(loaded.Succeeded);
        var error = Assert.Single(loaded.Errors, e => e.Message.Contains(named, StringComparison.Ordinal));
        Assert.Equal(file, error.Location.File);
        Assert.True(error.Location.Line > 1, error.ToString());
    }
}
