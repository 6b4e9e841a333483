using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Activities;
using IntegrationHub.Workflows.Layout;
using IntegrationHub.Workflows.Model;

namespace IntegrationHub.Workflows.Elsa;

/// <summary>Writes one hub activity (and the activities inside it) in Elsa's form, for <see cref="ElsaExporter"/>.</summary>
internal sealed class ElsaActivityWriter(ActivityRegistry activities, IReadOnlyDictionary<string, string> variableTypes)
{
    public JsonObject Write(ActivityNode node, FlowchartBox? box)
    {
        var mapping = MappingFor(node);
        var json = new JsonObject
        {
            ["id"] = node.Id,
            ["type"] = mapping?.ElsaType ?? node.Type,
            ["version"] = 1,
            ["customProperties"] = node.Retry is { } retry ? new JsonObject { ["hub"] = new JsonObject { ["retry"] = ElsaExporter.Retry(retry) } } : new JsonObject(),
            ["metadata"] = box is null ? new JsonObject() : new JsonObject
            {
                ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = box.X, ["y"] = box.Y } },
            },
        };

        activities.TryGet(node.Type, out var descriptor, out _);
        foreach (var (name, source) in node.Inputs)
        {
            var type = descriptor?.Input(name)?.Type ?? typeof(object);
            if (mapping is null && ElsaActivityMap.Common.Contains(name))
            {
                // A hub input named like one of Elsa's own activity properties (RunWorkflow's version) goes with the hub's extras.
                var hub = (JsonObject)(((JsonObject)json["customProperties"]!)["hub"] ??= new JsonObject());
                ((JsonObject)(hub["inputs"] ??= new JsonObject()))[name] = Input(source, type);
            }
            else if (mapping is null)
            {
                json[name] = Input(source, type);
            }
            else if (mapping.ElsaType == "Elsa.SetVariable" && name == "variable" && Name(source) is { } variable)
            {
                json["variable"] = new JsonObject { ["id"] = variable, ["name"] = variable, ["typeName"] = ElsaTypeNames.Elsa(variableTypes.GetValueOrDefault(variable, "object")) };
            }
            else if (mapping.Outputs.FirstOrDefault(p => p.Value == name).Key is { } output && Name(source) is { } bound)
            {
                json[output] = new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = bound } };
            }
            else
            {
                json[mapping.Inputs.First(p => p.Value == name).Key] = Input(source, type);
            }
        }

        if (mapping?.ElsaType == "Elsa.FlowFork")
        {
            json["branches"] = new JsonObject { ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "[\"Done\"]" } };
        }

        if (mapping is { HasBody: true })
        {
            json["body"] = Write(node.Activities[0], null);
        }
        else if (node.Activities.Count > 0 || node.Type is "Flowchart" or "Sequence")
        {
            var picture = FlowchartLayout.Of(node);
            var boxes = picture.Boxes.ToDictionary(b => b.Id, StringComparer.Ordinal);
            json["activities"] = new JsonArray([.. node.Activities.Select(c => Write(c, boxes.GetValueOrDefault(c.Id)))]);
            if (node.Type == "Flowchart")
            {
                json["connections"] = new JsonArray([.. node.Connections.Select(c => new JsonObject
                {
                    ["source"] = new JsonObject { ["activity"] = c.Source, ["port"] = c.Outcome },
                    ["target"] = new JsonObject { ["activity"] = c.Target, ["port"] = "In" },
                })]);
                if (node.StartId is { } start)
                {
                    json["start"] = start;
                }
            }
        }

        return json;
    }

    /// <summary>The first mapping for the hub type that covers every input the activity sets (a trigger stand-in never).</summary>
    private static ElsaActivityMapping? MappingFor(ActivityNode node) => ElsaActivityMap.Mappings.FirstOrDefault(m =>
        m.HubType == node.Type && m.Trigger == ElsaTrigger.None && m.ElsaType != "Elsa.SetOutput" && (!m.HasBody || node.Activities.Count == 1)
        && node.Inputs.Keys.All(k => m.Inputs.Values.Contains(k) || m.Outputs.Values.Contains(k))
        && node.Inputs.Where(i => m.Outputs.Values.Contains(i.Key) || (m.ElsaType == "Elsa.SetVariable" && i.Key == "variable")).All(i => Name(i.Value) is not null));

    private static string? Name(InputSource source) => source is LiteralSource { Value: JsonValue v } && v.TryGetValue<string>(out var s) ? s : null;

    private JsonObject Input(InputSource source, Type type)
    {
        var (kind, value) = source switch
        {
            LiteralSource { Value: JsonObject or JsonArray } literal => ("Object", (JsonNode?)JsonValue.Create(literal.Value!.ToJsonString())),
            LiteralSource literal => ("Literal", literal.Value?.DeepClone()),
            ExpressionSource e when variableTypes.ContainsKey(e.Code) => ("Variable", JsonValue.Create(e.Code)),
            JavaScriptSource js => ("JavaScript", JsonValue.Create(js.Code)),
            CSharpScriptSource cs => ("CSharp", JsonValue.Create(cs.Code)),
            LiquidSource liquid => ("Liquid", JsonValue.Create(liquid.Template)),
            _ => (ElsaExporter.HubExpressionType, HubValues.ToJson(source)),
        };
        return new JsonObject { ["typeName"] = ElsaExporter.TypeName(type), ["expression"] = new JsonObject { ["type"] = kind, ["value"] = value } };
    }
}
