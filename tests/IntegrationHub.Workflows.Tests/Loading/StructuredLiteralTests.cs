using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Workflows.Tests.Loading;

public class StructuredLiteralTests
{
    [Fact]
    public async Task Load_ObjectLiteral_IsTheJsonValue()
    {
        // An inline YAML mapping as an input value used to recurse without end while loading.
        var result = await Engine.RunAsync("""
            definitionId: object-literal
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: data, type: json }
            root:
              type: Sequence
              activities:
                - { id: set, type: SetVariable, variable: data, value: { order: SO-1, lines: [1, 2.5], nested: { ok: true, none: null } } }
            """);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"order": "SO-1", "lines": [1, 2.5], "nested": {"ok": true, "none": null}}"""), (JsonNode?)result.Variables["data"]));
    }

    [Fact]
    public async Task ObjectWithExpressions_IsBuiltPerRun_WithTypesKept_AtAnyDepth()
    {
        const string Yaml = """
            definitionId: object-map
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: gross, type: decimal, value: 0 }
              - { name: data, type: json }
            root:
              type: Sequence
              activities:
                - { id: gross, type: SetVariable, variable: gross, value: "${ (decimal)input[\"net\"]! * 1.19m }" }
                - id: map
                  type: SetVariable
                  variable: data
                  value:
                    orderId: ${ input.orderNumber }
                    gross: ${ gross }
                    large: ${ gross > 1000m }
                    label: "order ${ input.orderNumber } of ${ input.customer.name }"
                    customer: ${ input.customer }
                    lines: [ { sku: "${ input.sku }", qty: 2 }, "${ input.sku }", 7 ]
                    source: erp
            """;

        var first = await Engine.RunAsync(Yaml, JsonNode.Parse("""{"orderNumber":"SO-1","net":1000,"sku":"VALVE-25","customer":{"name":"ACME","tier":"gold"}}"""));
        var second = await Engine.RunAsync(Yaml, JsonNode.Parse("""{"orderNumber":"SO-2","net":10,"sku":"PUMP-3","customer":{"name":"Bolt","tier":"silver"}}"""));

        Assert.Equal(WorkflowSubStatus.Finished, first.SubStatus);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""
                {"orderId":"SO-1","gross":1190.00,"large":true,"label":"order SO-1 of ACME","customer":{"name":"ACME","tier":"gold"},
                 "lines":[{"sku":"VALVE-25","qty":2},"VALVE-25",7],"source":"erp"}
                """),
            (JsonNode?)first.Variables["data"]), ((JsonNode?)first.Variables["data"])!.ToJsonString());
        Assert.Equal("SO-2", ((JsonNode?)second.Variables["data"])!["orderId"]!.GetValue<string>());
        Assert.False(((JsonNode?)second.Variables["data"])!["large"]!.GetValue<bool>());
        Assert.Equal("PUMP-3", ((JsonNode?)second.Variables["data"])!["lines"]![0]!["sku"]!.GetValue<string>());
    }
}
