using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Workflows.Tests.Runtime;

public class WorkflowRuntimeTests
{
    [Fact]
    public async Task Flowchart_FollowsTheOutcomeOfIf_AndOnlyThatBranch()
    {
        var result = await Engine.RunAsync("""
            definitionId: branch
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: tier, type: string, value: none }
            root:
              type: Flowchart
              activities:
                - { id: check, type: If, condition: "${ input.amount }" }
                - { id: gold, type: SetVariable, variable: tier, value: gold }
                - { id: basic, type: SetVariable, variable: tier, value: basic }
              connections:
                - check:True -> gold
                - check:False -> basic
            """, JsonNode.Parse("""{"amount": true}"""));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal("gold", result.Variables["tier"]);
        Assert.Equal(["check", "gold", "root"], result.Journal.Select(j => j.ActivityId).ToArray()); // a composite is journaled when it completes
        Assert.Equal(new string?[] { "True", "Done", "Done" }, result.Journal.Select(j => j.Outcome).ToArray());
    }

    [Fact]
    public async Task CSharpExpressions_SeeTypedVariablesAndInput()
    {
        var result = await Engine.RunAsync("""
            definitionId: csharp-run
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: total, type: decimal, value: 100.50 }
              - { name: big, type: bool, value: false }
              - { name: label, type: string }
            root:
              type: Sequence
              activities:
                - { id: add, type: SetVariable, variable: total, value: "${ total + input[\"lines\"]!.AsArray().Sum(l => (decimal)l![\"amount\"]!) }" }
                - { id: flag, type: SetVariable, variable: big, value: "${ total > 1000m }" }
                - { id: text, type: SetVariable, variable: label, value: "order ${ input.orderNumber } totals ${ total }" }
            """, JsonNode.Parse("""{"orderNumber": "SO-1", "lines": [{"amount": 600.25}, {"amount": 400}]}"""));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(1100.75m, result.Variables["total"]);
        Assert.Equal(true, result.Variables["big"]);
        Assert.Equal("order SO-1 totals 1100.75", result.Variables["label"]);
    }

    [Fact]
    public async Task ForEach_RunsTheBodyPerItem_InOrder()
    {
        var result = await Engine.RunAsync("""
            definitionId: loop
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: item, type: json }
              - { name: skus, type: string, value: "" }
            root:
              type: Sequence
              activities:
                - id: each
                  type: ForEach
                  items: ${ input.lines }
                  variable: item
                  activities:
                    - { id: append, type: SetVariable, variable: skus, value: "${ skus }${ item.sku };" }
            """, JsonNode.Parse("""{"lines": [{"sku": "A"}, {"sku": "B"}, {"sku": "C"}]}"""));

        Assert.Equal("A;B;C;", result.Variables["skus"]);
        Assert.Equal(3, result.Journal.Count(j => j.ActivityId == "append"));
    }

    [Theory]
    [InlineData("EUR", "euro")]
    [InlineData("USD", "dollar")]
    [InlineData("JPY", "other")]
    public async Task Switch_CompletesWithTheMatchingCase_OrDefault(string currency, string expected)
    {
        var result = await Engine.RunAsync($$"""
            definitionId: switch
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: kind, type: string }
            root:
              type: Flowchart
              activities:
                - { id: pick, type: Switch, value: "${ input.currency }", cases: [EUR, USD] }
                - { id: eur, type: SetVariable, variable: kind, value: euro }
                - { id: usd, type: SetVariable, variable: kind, value: dollar }
                - { id: other, type: SetVariable, variable: kind, value: other }
              connections:
                - pick:EUR -> eur
                - pick:USD -> usd
                - pick:Default -> other
            """, JsonNode.Parse($$"""{"currency": "{{currency}}"}"""));

        Assert.Equal(expected, result.Variables["kind"]);
    }

    [Fact]
    public async Task End_StopsTheWholeInstance_EvenInsideALoop()
    {
        var result = await Engine.RunAsync("""
            definitionId: end
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: n, type: int, value: 0 }
              - { name: item, type: object }
            root:
              type: Sequence
              activities:
                - id: each
                  type: ForEach
                  items: [1, 2, 3, 4]
                  variable: item
                  activities:
                    - { id: count, type: SetVariable, variable: n, value: "${ n + 1 }" }
                    - { id: stop, type: End }
                - { id: never, type: SetVariable, variable: n, value: 100 }
            """);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(1, result.Variables["n"]);
        Assert.DoesNotContain(result.Journal, j => j.ActivityId == "never");
    }

    [Fact]
    public async Task Fail_FaultsTheInstance_WithAnIncidentNamingTheActivity()
    {
        var result = await Engine.RunAsync("""
            definitionId: fail
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - { id: boom, type: Fail, message: "customer ${ input.customer } is blocked" }
                - { id: after, type: Log, message: not reached }
            """, JsonNode.Parse("""{"customer": "CUST1"}"""));

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.NotNull(result.Incident);
        Assert.Equal("boom", result.Incident.ActivityId);
        Assert.Equal("customer CUST1 is blocked", result.Incident.Message);
        Assert.Equal("customer CUST1 is blocked", Assert.Single(result.Journal).Error);
    }

    [Fact]
    public async Task ExpressionThatThrows_FaultsWithTheError()
    {
        var result = await Engine.RunAsync("""
            definitionId: throws
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: n, type: int, value: 0 }
            root:
              type: Sequence
              activities:
                - { id: divide, type: SetVariable, variable: n, value: "${ 10 / n }" }
            """);

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal(("divide", "DivideByZeroException"), (result.Incident!.ActivityId, result.Incident.ExceptionType));
    }

    [Fact]
    public async Task Cancellation_EndsTheRunAsCancelled()
    {
        var engine = Engine.Create();
        var workflow = engine.Load("""
            definitionId: cancel
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - { id: a, type: Log, message: a }
            """);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var result = await engine.RunAsync(workflow, cancellationToken: cts.Token);

        Assert.Equal(WorkflowSubStatus.Cancelled, result.SubStatus);
        Assert.Empty(result.Journal);
    }

    [Fact]
    public async Task Variables_StartFreshInEveryInstance()
    {
        var engine = Engine.Create();
        var workflow = engine.Load("""
            definitionId: fresh
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: n, type: int, value: 5 }
            root:
              type: Sequence
              activities:
                - { id: inc, type: SetVariable, variable: n, value: "${ n + 1 }" }
            """);

        var first = await engine.RunAsync(workflow);
        var second = await engine.RunAsync(workflow);

        Assert.Equal(6, first.Variables["n"]);
        Assert.Equal(6, second.Variables["n"]);
    }

    [Fact]
    public void Load_JsonDefinition_IsAcceptedToo()
    {
        var result = Engine.Create().Load("flow.json", """
            { "definitionId": "json-flow", "version": 2, "trigger": { "type": "Manual" },
              "root": { "type": "Flowchart", "id": "root",
                "activities": [ { "id": "a", "type": "Start" }, { "id": "b", "type": "Log", "message": "hi" } ],
                "connections": [ { "source": { "activity": "a", "port": "Done" }, "target": { "activity": "b", "port": "In" } } ] } }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(("json-flow", 2), (result.Workflow!.DefinitionId, result.Workflow.Version));
    }

    [Theory]
    [InlineData("", 2)]
    [InlineData("- { id: merge, type: Join }", 1)]
    [InlineData("- { id: merge, type: Join, mode: WaitAny }", 1)]
    public async Task Diamond_WithoutJoin_RunsTheTailPerToken_WithJoin_Once(string join, int tailRuns)
    {
        string[] edges = join.Length == 0
            ? ["fork -> left", "fork -> right", "left -> tail", "right -> tail"]
            : ["fork -> left", "fork -> right", "left -> merge", "right -> merge", "merge -> tail"];
        var result = await Engine.RunAsync($$"""
            definitionId: diamond
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: n, type: int, value: 0 }
            root:
              type: Flowchart
              activities:
                - { id: fork, type: Fork }
                - { id: left, type: Log, message: left }
                - { id: right, type: Log, message: right }
                {{join}}
                - { id: tail, type: SetVariable, variable: n, value: "${ n + 1 }" }
              connections:
            {{string.Join("\n", edges.Select(e => "    - " + e))}}
            """);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(tailRuns, result.Variables["n"]);
        Assert.Equal(join.Length == 0 ? 0 : 1, result.Journal.Count(j => j.ActivityId == "merge"));
    }
}
