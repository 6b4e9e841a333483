using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Workflows.Tests.Elsa;

/// <summary>The hub's Liquid subset for Elsa's <c>Liquid</c> expressions: <c>Variables</c>, <c>Input</c>, Liquid's tags and Fluid's filters.</summary>
public class LiquidTests
{
    private static WorkflowLoadResult Load(string template)
    {
        var definition = new JsonObject
        {
            ["definitionId"] = "liquid",
            ["version"] = 1,
            ["variables"] = new JsonArray(
                new JsonObject { ["id"] = "r", ["name"] = "Result", ["typeName"] = "String" },
                new JsonObject { ["id"] = "c", ["name"] = "customer", ["typeName"] = "JsonObject", ["value"] = "{\"name\":\"ACME\",\"tags\":[\"gold\",\"eu\"]}" }),
            ["root"] = new JsonObject
            {
                ["id"] = "F",
                ["type"] = "Elsa.Flowchart",
                ["activities"] = new JsonArray(new JsonObject
                {
                    ["id"] = "Set",
                    ["type"] = "Elsa.SetVariable",
                    ["variable"] = new JsonObject { ["id"] = "r" },
                    ["value"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Liquid", ["value"] = template } },
                }),
            },
        };
        return ElsaDefinitions.Engine().Load("liquid.json", definition.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    private static async Task<WorkflowRunResult> RunAsync(string template, JsonNode? input = null)
    {
        var loaded = Load(template);
        Assert.True(loaded.Succeeded, string.Join(Environment.NewLine, loaded.Errors));
        return await ElsaDefinitions.Engine().RunAsync(loaded.Workflow!, input);
    }

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
