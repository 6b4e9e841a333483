using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Model;

namespace IntegrationHub.Workflows.Elsa;

internal static partial class ElsaDefinitionReader
{
    /// <summary>Activities, their inputs and output bindings, flowchart connections, and the triggers among them.</summary>
    private sealed partial class Reader
    {
        private static readonly HashSet<string> CompositeKeys = ["activities", "connections", "start", "variables"];

        private ActivityNode? ReadActivity(JsonObject json, string path)
        {
            var type = Text(json, "type", $"{path}.type");
            var id = Text(json, "id", $"{path}.id") ?? (path == "root" ? "root" : null);
            if (type is null || id is null)
            {
                Error(path, "an Elsa activity needs an id and a type");
                return null;
            }

            if (!ElsaActivityIdPattern().IsMatch(id))
            {
                Error($"{path}.id", $"activity id '{id}' cannot be a hub id: letters, digits, '_' or '-' (at most 64)");
            }

            if (ElsaActivityMap.Unsupported.TryGetValue(type, out var why))
            {
                Error($"{path}.type", $"Elsa activity '{type}' (id '{id}') is not supported: {why}");
                return null;
            }

            if (!type.StartsWith("Elsa.", StringComparison.Ordinal) && json.ContainsKey("workflowDefinitionId") && json.ContainsKey("workflowDefinitionVersionId"))
            {
                Error($"{path}.type", $"'{type}' (id '{id}') is a workflow used as an activity, which the hub does not support: use Elsa.ExecuteWorkflow with its workflowDefinitionId");
                return null;
            }

            var mapping = ElsaActivityMap.ByElsaType.GetValueOrDefault(type);
            if (mapping is null && type.StartsWith("Elsa.", StringComparison.Ordinal))
            {
                Error($"{path}.type", $"Elsa activity '{type}' (id '{id}') has no hub equivalent (supported: {string.Join(", ", ElsaActivityMap.ByElsaType.Keys.Order(StringComparer.Ordinal))})");
                return null;
            }

            if ((json["customProperties"] as JsonObject)?["mergeMode"] is JsonValue merge && merge.TryGetValue<string>(out var mode) && mode is not ("Stream" or "None"))
            {
                Error($"{path}.customProperties.mergeMode", $"merge mode '{mode}' of '{id}' is not supported: an activity with several inbound connections runs on each arrival (Stream); to wait for branches use Elsa.FlowJoin");
            }

            var hubType = mapping?.HubType ?? type; // a hub activity written in Elsa's form (for example Connector.Upsert) keeps its type
            var inputs = new Dictionary<string, InputSource>(StringComparer.Ordinal);
            var composite = hubType is "Flowchart" or "Sequence" || (mapping is null && json["activities"] is JsonArray);
            var hub = (json["customProperties"] as JsonObject)?["hub"] as JsonObject;
            foreach (var (name, value) in (hub?["inputs"] as JsonObject) ?? [])
            {
                if (value is not null && ReadValue(value, $"{path}.customProperties.hub.inputs.{name}", type, name) is { } extra)
                {
                    inputs[name] = extra;
                }
            }

            foreach (var (name, value) in json)
            {
                if ((ElsaActivityMap.Common.Contains(name) && !(mapping is null && value is JsonObject o && o.ContainsKey("expression"))) || (composite && CompositeKeys.Contains(name))
                    || (name == "body" && mapping is { HasBody: true }))
                {
                    continue;
                }

                var at = $"{path}.{name}";
                if (mapping is null)
                {
                    if (value is not null && ReadValue(value, at, type, name) is { } passed)
                    {
                        inputs[name] = passed;
                    }
                }
                else if (mapping.Inputs.TryGetValue(name, out var input))
                {
                    if (ReadMappedInput(type, name, value, at) is { } source)
                    {
                        inputs[input] = source;
                    }
                }
                else if (mapping.Outputs.TryGetValue(name, out var bound))
                {
                    if (BoundVariable(value, at) is { } variable)
                    {
                        inputs[bound] = new LiteralSource(JsonValue.Create(variable), At(at));
                    }
                }
                else if (type == "Elsa.HttpEndpoint" && name == "parsedContent" && BoundVariable(value, at) is { } body)
                {
                    // The request body goes to the bound variable: the hub webhook's input is { data: <body>, deliveryId }.
                    hubType = "SetVariable";
                    inputs["variable"] = new LiteralSource(JsonValue.Create(body), At(at));
                    inputs["value"] = new ExpressionSource("input.data", At(at));
                }
                else if (!mapping.Inert.Contains(name) && !IsUnset(value))
                {
                    var known = mapping.Inputs.Keys.Concat(mapping.Outputs.Keys).Concat(mapping.Inert).ToList();
                    Error(at, $"property '{name}' of Elsa activity '{type}' (id '{id}') is not supported ({(known.Count == 0 ? "it takes none" : "supported: " + string.Join(", ", known))})");
                }
            }

            foreach (var (input, value) in mapping?.Defaults ?? new Dictionary<string, string>())
            {
                inputs.TryAdd(input, new LiteralSource(JsonValue.Create(value), At(path)));
            }

            if (mapping is not null && Starts(json) && mapping.Trigger != ElsaTrigger.None)
            {
                AddTrigger(mapping.Trigger, json, path);
            }
            else if (mapping is { Trigger: not ElsaTrigger.None })
            {
                Error(path, $"Elsa activity '{type}' (id '{id}') waits in the middle of a flow; the hub runs it only as the workflow's trigger (canStartWorkflow: true)");
            }

            var children = new List<ActivityNode>();
            var connections = new List<ConnectionDefinition>();
            string? start = null;
            if (mapping is { HasBody: true })
            {
                // Elsa's loop holds one activity in body; the item is its output currentValue, which the body reads as the
                // variable CurrentValue (getCurrentValue() in JavaScript) unless the output is bound to a variable of its own.
                if (json["body"] is JsonObject body && ReadActivity(body, $"{path}.body") is { } bodyNode)
                {
                    children.Add(bodyNode);
                }

                if (!inputs.ContainsKey("variable"))
                {
                    inputs["variable"] = new LiteralSource(JsonValue.Create(CurrentValue), At(path));
                    _needsCurrentValue = true;
                }
            }

            if (composite)
            {
                if (json["variables"] is JsonArray { Count: > 0 })
                {
                    Error($"{path}.variables", $"variables declared on an activity ('{id}') are not supported: declare them on the workflow");
                }

                var mappings = new Dictionary<string, ElsaActivityMapping?>(StringComparer.Ordinal);
                foreach (var (child, childPath) in Items(json, "activities", path))
                {
                    if (ReadActivity(child, childPath) is { } node)
                    {
                        children.Add(node);
                        mappings[node.Id] = ElsaActivityMap.ByElsaType.GetValueOrDefault(child["type"]?.GetValue<string>() ?? "");
                    }
                }

                if (hubType == "Flowchart")
                {
                    foreach (var (connection, connectionPath) in Items(json, "connections", path))
                    {
                        if (ReadConnection(connection, connectionPath, mappings) is { } c && !connections.Any(x => x.Source == c.Source && x.Outcome == c.Outcome && x.Target == c.Target))
                        {
                            connections.Add(c);
                        }
                    }

                    start = Text(json, "start", $"{path}.start");
                    if (start is not null && children.All(c => c.Id != start))
                    {
                        Error($"{path}.start", $"the start activity '{start}' is not an activity of this flowchart");
                    }
                }
            }

            var retry = hub?["retry"] is JsonObject r ? ReadRetry(r, $"{path}.customProperties.hub.retry") : null;
            return new ActivityNode(id, hubType, inputs, children, connections, At(path)) { StartId = start, Original = json, Retry = retry };
        }

        /// <summary>A hub retry policy carried by an exported activity: <c>{maxAttempts, delay, backoff, maxDelay}</c>.</summary>
        private RetryDefinition? ReadRetry(JsonObject json, string path)
        {
            try
            {
                var attempts = json["maxAttempts"]?.GetValue<int>() ?? 3;
                var delay = (TimeSpan)Expressions.ValueConverter.Convert(json["delay"]?.GetValue<string>() ?? "PT1S", typeof(TimeSpan))!;
                var maxDelay = (TimeSpan)Expressions.ValueConverter.Convert(json["maxDelay"]?.GetValue<string>() ?? "PT1M", typeof(TimeSpan))!;
                var backoff = json["backoff"]?.GetValue<string>() ?? "exponential";
                if (attempts is >= 1 and <= 100 && backoff is "constant" or "linear" or "exponential" && delay >= TimeSpan.Zero && maxDelay <= TimeSpan.FromDays(1))
                {
                    return new RetryDefinition(attempts, delay, backoff, maxDelay, At(path));
                }
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException)
            {
            }

            Error(path, "retry is { maxAttempts (1 to 100), delay, backoff (constant, linear or exponential), maxDelay (at most a day) }");
            return null;
        }

        private static bool Starts(JsonObject json) =>
            (json["customProperties"] as JsonObject)?["canStartWorkflow"] is JsonValue a && a.TryGetValue<bool>(out var x) && x
            || json["canStartWorkflow"] is JsonValue b && b.TryGetValue<bool>(out var y) && y;

        private void AddTrigger(ElsaTrigger trigger, JsonObject json, string path)
        {
            var settings = new Dictionary<string, InputSource>(StringComparer.Ordinal);
            switch (trigger)
            {
                case ElsaTrigger.Webhook:
                    _triggers.Add(new TriggerDefinition("Webhook", settings, At(path)));
                    break;
                case ElsaTrigger.Cron:
                    if (LiteralText(json, "cronExpression", path) is { } cron)
                    {
                        settings["cron"] = new LiteralSource(JsonValue.Create(QuartzCron(cron)), At($"{path}.cronExpression"));
                        _triggers.Add(new TriggerDefinition("Schedule", settings, At(path)));
                    }

                    break;
                case ElsaTrigger.Timer:
                    if (LiteralText(json, "interval", path) is { } interval)
                    {
                        settings["interval"] = new LiteralSource(JsonValue.Create(interval), At($"{path}.interval"));
                        _triggers.Add(new TriggerDefinition("Schedule", settings, At(path)));
                    }

                    break;
            }
        }

        /// <summary>Elsa's six-field cron (seconds first) as Quartz wants it: one of day-of-month and day-of-week must be '?'.</summary>
        private static string QuartzCron(string cron)
        {
            var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 5)
            {
                fields = ["0", .. fields];
            }

            if (fields.Length >= 6 && fields[3] != "?" && fields[5] != "?")
            {
                if (fields[5] == "*")
                {
                    fields[5] = "?";
                }
                else if (fields[3] == "*")
                {
                    fields[3] = "?";
                }
            }

            return string.Join(' ', fields);
        }

        private string? LiteralText(JsonObject json, string property, string path)
        {
            var source = json[property] is { } value ? ReadValue(value, $"{path}.{property}", json["type"]!.GetValue<string>(), property) : null;
            if (source is LiteralSource { Value: JsonValue v } && v.TryGetValue<string>(out var text))
            {
                return text;
            }

            Error($"{path}.{property}", $"the trigger's {property} must be a literal text");
            return null;
        }

        private ConnectionDefinition? ReadConnection(JsonObject json, string path, Dictionary<string, ElsaActivityMapping?> mappings)
        {
            // Elsa 3's {source: {activity, port}, target: {activity, port}} or the older flat {source, sourcePort, target, targetPort}.
            var (source, port) = json["source"] is JsonObject s
                ? (Text(s, "activity", $"{path}.source.activity"), Text(s, "port", $"{path}.source.port"))
                : (Text(json, "source", $"{path}.source"), Text(json, "sourcePort", $"{path}.sourcePort"));
            var (target, targetPort) = json["target"] is JsonObject t
                ? (Text(t, "activity", $"{path}.target.activity"), Text(t, "port", $"{path}.target.port"))
                : (Text(json, "target", $"{path}.target"), Text(json, "targetPort", $"{path}.targetPort"));
            if (source is null || target is null)
            {
                Error(path, "a connection needs a source and a target activity");
                return null;
            }

            if (targetPort is not (null or "In"))
            {
                Error(path, $"a connection into port '{targetPort}' of '{target}' is not supported (only In)");
            }

            var outcome = port ?? "Done";
            if (mappings.GetValueOrDefault(source) is { AnyPortIsDone: true })
            {
                outcome = "Done";
            }

            return new ConnectionDefinition(source, outcome, target, At(path));
        }

        private InputSource? ReadMappedInput(string type, string name, JsonNode? value, string path)
        {
            if (value is null)
            {
                return null;
            }

            if ((type, name) is ("Elsa.SetVariable", "variable"))
            {
                // The variable itself ({id, name, typeName, ...}) or its id.
                var variable = value is JsonObject o ? Text(o, "name", $"{path}.name") ?? VariableName(Text(o, "id", $"{path}.id"), path)
                    : value is JsonValue v && v.TryGetValue<string>(out var idOrName) ? VariableName(idOrName, path) : null;
                return variable is null ? null : new LiteralSource(JsonValue.Create(variable), At(path));
            }

            if ((type, name) is ("Elsa.RunJavaScript", "script") && ReadValue(value, path, type, name) is LiteralSource { Value: JsonValue code } literal
                && code.TryGetValue<string>(out var script))
            {
                // Elsa gives the script as literal text; the hub runs it as JavaScript, parsed when the file loads.
                return new JavaScriptSource(script, literal.Location);
            }

            return ReadValue(value, path, type, name);
        }

        /// <summary>An Elsa input value: <c>{typeName, expression: {type, value}}</c> or a bare JSON literal.</summary>
        private InputSource? ReadValue(JsonNode value, string path, string activityType, string property)
        {
            if (value is not JsonObject input || !input.ContainsKey("expression"))
            {
                if (value is JsonObject { Count: > 0 } o && o.ContainsKey("memoryReference"))
                {
                    Error(path, $"'{property}' of '{activityType}' is an output bound to a variable; the hub does not take it");
                    return null;
                }

                return new LiteralSource(value.DeepClone(), At(path));
            }

            if (input["expression"] is not JsonObject expression)
            {
                return null; // no expression: unset
            }

            var kind = Text(expression, "type", $"{path}.expression.type") ?? "Literal";
            var at = At(input.ContainsKey("expression") && expression.ContainsKey("value") ? $"{path}.expression.value" : path);
            var raw = expression["value"];
            switch (kind)
            {
                case "Literal":
                    return raw is null ? null : new LiteralSource(raw.DeepClone(), at);
                case "Object" or "Json":
                    if (raw is JsonValue text && text.TryGetValue<string>(out var json))
                    {
                        try
                        {
                            return new LiteralSource(JsonNode.Parse(json), at);
                        }
                        catch (JsonException ex)
                        {
                            Error(at.Path, $"the Object expression of '{property}' is not JSON: {ex.Message.Split(" Path:")[0]}");
                            return null;
                        }
                    }

                    return raw is null ? null : new LiteralSource(raw.DeepClone(), at);
                case "Variable":
                    var reference = raw is JsonObject r ? Text(r, "name", at.Path) ?? Text(r, "id", at.Path) : raw is JsonValue rv && rv.TryGetValue<string>(out var s) ? s : null;
                    return VariableName(reference, at.Path) is { } variable ? new ExpressionSource(variable, at) : null;
                case "Input":
                    return raw is JsonValue iv && iv.TryGetValue<string>(out var inputName) ? new ExpressionSource($"input.{inputName}", at) : null;
                case "JavaScript":
                    return raw is JsonValue jv && jv.TryGetValue<string>(out var code) ? new JavaScriptSource(code, at) : null;
                case ElsaExporter.HubExpressionType:
                    return HubValues.FromJson(raw, at);
                case "Liquid":
                    return raw is JsonValue lv && lv.TryGetValue<string>(out var liquid) ? new LiquidSource(liquid, at) : null;
                case "CSharp":
                    return raw is JsonValue cv && cv.TryGetValue<string>(out var csharp) ? new CSharpScriptSource(csharp, at) : null;
                default:
                    Error(at.Path, $"expression type '{kind}' (property '{property}' of '{activityType}') is not supported (supported: Literal, Object, Variable, Input, JavaScript, CSharp, Liquid, and the hub's own Hub)");
                    return null;
            }
        }

        /// <summary>The variable an output is bound to: <c>{memoryReference: {id}}</c> with a declared variable's id (or name).</summary>
        private string? BoundVariable(JsonNode? value, string path)
        {
            if (value is null || value is JsonObject { Count: 0 })
            {
                return null;
            }

            var id = (value as JsonObject)?["memoryReference"] is JsonObject m && m["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var s) ? s : null;
            if (id is null)
            {
                Error(path, "an output is bound to a variable as {\"memoryReference\": {\"id\": \"<variable id>\"}}");
                return null;
            }

            return VariableName(id, path);
        }

        private string? VariableName(string? idOrName, string path)
        {
            if (idOrName is null)
            {
                Error(path, "a variable reference needs the variable's id or name");
                return null;
            }

            if (_variableNames.TryGetValue(idOrName, out var name))
            {
                return name;
            }

            if (_variableNames.ContainsValue(idOrName) || _outputNames.Contains(idOrName))
            {
                return idOrName;
            }

            Error(path, $"'{idOrName}' is not a variable of this workflow (variables: {(_variableNames.Count == 0 ? "none" : string.Join(", ", _variableNames.Values))})");
            return null;
        }

        /// <summary>A property with nothing in it: null, false, an empty text, list or object, or an input without an expression value.</summary>
        private static bool IsUnset(JsonNode? value) => value switch
        {
            null => true,
            JsonValue v when v.GetValueKind() == JsonValueKind.False => true,
            JsonValue v when v.TryGetValue<string>(out var s) && s.Length == 0 => true,
            JsonArray { Count: 0 } or JsonObject { Count: 0 } => true,
            JsonObject o when o["expression"] is JsonObject e && e["value"] is null => true,
            JsonObject o when !o.ContainsKey("expression") && o.ContainsKey("memoryReference") => false,
            _ => false,
        };
    }
}
