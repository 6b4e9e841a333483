using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Activities;

namespace IntegrationHub.Workflows.Elsa;

/// <summary>
/// The hub's activities as Elsa activity descriptors (what Elsa Studio's toolbox and property panels read from
/// <c>GET /descriptors/activities</c>). An activity with an Elsa equivalent is described under Elsa's type and property
/// names, so a definition drawn in the designer is Elsa's own; a hub activity is described under its hub type
/// (<c>Connector.Upsert</c>, <c>Customer.Value</c>, ...), and so is a built-in one whose Elsa equivalent does not cover
/// all its inputs (<c>Log</c> with its level, <c>Delay</c> until a time), so nothing the hub can do is out of reach.
/// </summary>
public sealed class ElsaActivityDescriptors(ActivityRegistry activities)
{
    public IReadOnlyList<JsonObject> List()
    {
        var result = new List<JsonObject>();
        foreach (var descriptor in activities.Descriptors)
        {
            var mappings = ElsaActivityMap.Mappings.Where(m => m.HubType == descriptor.Type && (descriptor.Type != "Start" || m.ElsaType == "Elsa.Start" || m.Trigger != ElsaTrigger.None)).ToList();
            result.AddRange(mappings.Select(m => Elsa(m, descriptor)));
            var covered = mappings.Any(m => descriptor.Inputs.All(i => m.Inputs.Values.Contains(i.Name) || m.Outputs.Values.Contains(i.Name)));
            if (!covered)
            {
                result.Add(Hub(descriptor));
            }
        }

        return result;
    }

    private static JsonObject Elsa(ElsaActivityMapping mapping, ActivityDescriptor descriptor)
    {
        var name = mapping.ElsaType["Elsa.".Length..];
        var inputs = new JsonArray();
        var order = 0;
        foreach (var (elsaName, hubName) in mapping.Inputs)
        {
            if (descriptor.Input(hubName) is { } input)
            {
                inputs.Add(Input(elsaName, input, order++, variablePicker: mapping.ElsaType == "Elsa.SetVariable" && elsaName == "variable"));
            }
        }

        foreach (var setting in TriggerSettings(mapping.Trigger))
        {
            inputs.Add(Input(setting.Name, new ActivityInputAttribute(setting.Name, typeof(string), setting.Description) { Required = true }, order++, false));
        }

        var outputs = new JsonArray([.. mapping.Outputs.Keys.Select(o => Output(o, "The variable that receives the result."))]);
        if (mapping.Trigger == ElsaTrigger.Webhook)
        {
            outputs.Add(Output("parsedContent", "The variable that receives the request body (the webhook's input.data)."));
        }

        var ports = mapping.AnyPortIsDone ? [ActivityOutcomes.Done] : descriptor.Outcomes;
        var described = Descriptor(mapping.ElsaType, "Elsa", name, Category(mapping), Humanize(name), descriptor.Description, inputs, outputs, ports,
            mapping.Trigger != ElsaTrigger.None ? "Trigger" : "Action", descriptor.Composite, mapping.Trigger != ElsaTrigger.None || mapping.ElsaType == "Elsa.Start",
            descriptor.Outcomes.Count == 0);
        if (mapping.HasBody)
        {
            described["ports"]!.AsArray().Add(new JsonObject { ["name"] = "Body", ["displayName"] = "Body", ["type"] = "Embedded", ["isBrowsable"] = true });
        }

        return described;
    }

    private static JsonObject Hub(ActivityDescriptor descriptor)
    {
        var dot = descriptor.Type.IndexOf('.', StringComparison.Ordinal);
        var (ns, name) = dot > 0 ? (descriptor.Type[..dot], descriptor.Type[(dot + 1)..]) : ("Hub", descriptor.Type);
        var inputs = new JsonArray([.. descriptor.Inputs.Select((input, i) => (JsonNode)Input(input.Name, input, i, variablePicker: false))]);
        var ports = descriptor.OutcomesFromInput is null ? descriptor.Outcomes : [.. descriptor.Outcomes];
        return Descriptor(descriptor.Type, ns, name, dot > 0 ? $"Hub: {ns}" : "Hub", Humanize(descriptor.Type.Replace('.', ' ')), descriptor.Description, inputs, [],
            ports, "Action", descriptor.Composite, descriptor.Type == "Start", descriptor.Outcomes.Count == 0);
    }

    private static JsonObject Descriptor(string typeName, string ns, string name, string category, string displayName, string description, JsonArray inputs, JsonArray outputs,
        IReadOnlyList<string> ports, string kind, bool container, bool start, bool terminal) => new()
    {
        ["typeName"] = typeName,
        ["namespace"] = ns,
        ["name"] = name,
        ["version"] = 1,
        ["category"] = category,
        ["displayName"] = displayName,
        ["description"] = description,
        ["inputs"] = inputs,
        ["outputs"] = outputs,
        ["kind"] = kind,
        ["ports"] = new JsonArray([.. ports.Select(p => (JsonNode)new JsonObject { ["name"] = p, ["displayName"] = p, ["type"] = "Flow", ["isBrowsable"] = true })]),
        ["customProperties"] = new JsonObject(),
        ["constructionProperties"] = new JsonObject(),
        ["isContainer"] = container,
        ["isBrowsable"] = true,
        ["isStart"] = start,
        ["isTerminal"] = terminal,
    };

    private static JsonObject Input(string name, ActivityInputAttribute input, int order, bool variablePicker)
    {
        var json = new JsonObject
        {
            ["name"] = name,
            ["typeName"] = variablePicker ? "Variable" : ElsaExporter.TypeName(input.Type),
            ["displayName"] = Humanize(name),
            ["description"] = input.Description + (input.Required ? " (required)" : ""),
            ["order"] = order,
            ["isBrowsable"] = true,
            ["isSynthetic"] = false,
            ["isWrapped"] = !variablePicker,
            ["uiHint"] = variablePicker ? "variable-picker"
                : input.Allowed is not null ? "dropdown"
                : input.Type == typeof(bool) ? "checkbox"
                : name is "message" or "text" or "condition" or "value" or "script" ? "multiline"
                : "singleline",
            ["category"] = "Input",
            ["defaultSyntax"] = "Literal",
            ["isReadOnly"] = false,
            ["isSensitive"] = false,
        };
        if (input.Allowed is { } allowed)
        {
            json["uiSpecifications"] = new JsonObject
            {
                ["dropdown"] = new JsonObject
                {
                    ["selectList"] = new JsonObject
                    {
                        ["items"] = new JsonArray([.. allowed.Select(a => (JsonNode)new JsonObject { ["text"] = a, ["value"] = a })]),
                        ["isFlagsEnum"] = false,
                    },
                },
            };
        }

        return json;
    }

    private static JsonObject Output(string name, string description) => new()
    {
        ["name"] = name,
        ["typeName"] = "Object",
        ["displayName"] = Humanize(name),
        ["description"] = description,
        ["isBrowsable"] = true,
        ["isSynthetic"] = false,
    };

    private static IEnumerable<(string Name, string Description)> TriggerSettings(ElsaTrigger trigger) => trigger switch
    {
        ElsaTrigger.Webhook => [("path", "Kept for Elsa; the hub's webhook is POST /api/v1/hooks/{definitionId}.")],
        ElsaTrigger.Cron => [("cronExpression", "When the workflow starts: a cron expression (seconds first), e.g. 0 0 * * * *.")],
        ElsaTrigger.Timer => [("interval", "How often the workflow starts, e.g. 00:05:00.")],
        _ => [],
    };

    private static string Category(ElsaActivityMapping mapping) => mapping.ElsaType switch
    {
        "Elsa.HttpEndpoint" => "HTTP",
        "Elsa.Cron" or "Elsa.Timer" or "Elsa.Delay" => "Scheduling",
        "Elsa.Event" or "Elsa.PublishEvent" => "Primitives",
        "Elsa.WriteLine" or "Elsa.SetVariable" or "Elsa.SetOutput" => "Primitives",
        "Elsa.ExecuteWorkflow" => "Composition",
        "Elsa.Flowchart" or "Elsa.Sequence" => "Workflows",
        _ => "Flow",
    };

    private static string Humanize(string name)
    {
        var text = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0 && text[^1] != ' ')
            {
                text.Append(' ');
            }

            text.Append(text.Length == 0 ? char.ToUpperInvariant(c) : c);
        }

        return text.ToString();
    }
}
