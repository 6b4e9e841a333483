using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Expressions;
using IntegrationHub.Workflows.Model;

namespace IntegrationHub.Workflows.Elsa;

/// <summary>
/// A hub input value as JSON and back, the way the hub's own files write it: a literal as itself, an expression as
/// <c>"${ code }"</c>, text with embedded expressions as that text, a list or object with expressions inside as JSON with
/// those strings. The Elsa export carries hub expressions this way (expression type <c>Hub</c>), and hub trigger settings.
/// </summary>
internal static class HubValues
{
    public static JsonNode? ToJson(InputSource source) => source switch
    {
        LiteralSource literal => literal.Value?.DeepClone(),
        ExpressionSource expression => JsonValue.Create($"${{ {expression.Code} }}"),
        TemplateSource template => JsonValue.Create(TemplateText(template)),
        StructureSource { Properties: { } properties } => new JsonObject(properties.Select(p => KeyValuePair.Create(p.Key, ToJson(p.Value)))),
        StructureSource structure => new JsonArray([.. structure.Items!.Select(ToJson)]),
        JavaScriptSource script => JsonValue.Create(script.Code),
        CSharpScriptSource script => JsonValue.Create(script.Code),
        LiquidSource liquid => JsonValue.Create(liquid.Template),
        _ => null,
    };

    /// <summary>Reads a value written by <see cref="ToJson"/>: strings are parsed for <c>${ ... }</c>; lists and objects stay literal unless an expression is inside.</summary>
    public static InputSource FromJson(JsonNode? node, SourceLocation at)
    {
        switch (node)
        {
            case JsonValue value when value.TryGetValue<string>(out var text):
                return ExpressionText.Parse(text, at);
            case JsonArray array:
                var items = array.Select(i => FromJson(i, at)).ToList();
                return items.All(i => i is LiteralSource) ? new LiteralSource(array.DeepClone(), at) : new StructureSource(null, items, at);
            case JsonObject obj:
                var properties = obj.Select(p => KeyValuePair.Create(p.Key, FromJson(p.Value, at))).ToList();
                return properties.All(p => p.Value is LiteralSource) ? new LiteralSource(obj.DeepClone(), at) : new StructureSource(properties, null, at);
            default:
                return new LiteralSource(node?.DeepClone(), at);
        }
    }

    private static string TemplateText(TemplateSource template)
    {
        var text = new StringBuilder();
        foreach (var part in template.Parts)
        {
            text.Append(part switch
            {
                ExpressionSource e => $"${{ {e.Code} }}",
                LiteralSource l => l.Value?.GetValue<string>(),
                _ => "",
            });
        }

        return text.ToString();
    }
}
