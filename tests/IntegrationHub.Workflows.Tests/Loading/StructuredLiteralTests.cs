using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Runtime;

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
}
