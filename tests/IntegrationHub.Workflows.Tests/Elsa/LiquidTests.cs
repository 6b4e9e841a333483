using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Workflows.Tests.Elsa;

/// <summary>The hub's Liquid subset for Elsa's <c>Liquid</c> expressions: <c>Variables</c>, <c>Input</c>, Liquid's tags and Fluid's filters.</summary>
public class LiquidTests
{
    private static string Definition(string template) => ElsaDefinitions.SetVariableChain("liquid", "Liquid", "r", new JsonArray(
        new JsonObject { ["id"] = "r", ["name"] = "Result", ["typeName"] = "String" },
        new JsonObject { ["id"] = "c", ["name"] = "customer", ["typeName"] = "JsonObject", ["value"] = "{\"name\":\"ACME\",\"tags\":[\"gold\",\"eu\"]}" }), null, template);

    private static WorkflowLoadResult Load(string template) => ElsaDefinitions.Engine().Load("liquid.json", Definition(template));

    private static Task<WorkflowRunResult> RunAsync(string template, JsonNode? input = null) => ElsaDefinitions.RunTextAsync("liquid.json", Definition(template), input);

    [Fact]
    public async Task VariablesAndInput_RenderWithTagsAndFilters()
    {
        var result = await RunAsync("{{ Variables.Customer.name | downcase }} ({{ Variables.customer.tags | join: '/' }}) {% for l in Input.lines %}[{{ l.sku }} x{{ l.qty | times: 2 }}]{% endfor %}",
            JsonNode.Parse("""{ "lines": [ { "sku": "A", "qty": 1 }, { "sku": "B", "qty": 3 } ] }"""));

        Assert.Equal("acme (gold/eu) [A x2][B x6]", result.Variables["Result"]);
    }

    [Fact]
    public async Task AnUnknownName_RendersEmpty_AsInLiquid()
    {
        var result = await RunAsync("[{{ WorkflowInstanceId }}]");

        Assert.Equal("[]", result.Variables["Result"]);
    }

    [Fact]
    public void ASyntaxError_OrAnUnknownFilter_IsAnError_ThatNamesIt()
    {
        var broken = Load("{% if %}");

        var error = Assert.Single(broken.Errors);
        Assert.StartsWith("Liquid does not parse", error.Message);
        Assert.Equal("root.activities[0].value.expression.value", error.Location.Path);
    }

    [Fact]
    public async Task AnUnknownFilter_FaultsTheActivity_NamingIt()
    {
        var result = await RunAsync("{{ Variables.Result | no_such_filter }}");

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Contains("no_such_filter", result.Incident!.Message);
    }
}
