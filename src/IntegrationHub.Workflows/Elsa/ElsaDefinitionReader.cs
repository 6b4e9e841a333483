using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IntegrationHub.Workflows.Loading;
using IntegrationHub.Workflows.Model;

namespace IntegrationHub.Workflows.Elsa;

/// <summary>
/// Imports an Elsa 3 workflow definition (the JSON Elsa Studio exports) as a hub <see cref="WorkflowDefinition"/>:
/// recognised by its shape (an Elsa <c>$schema</c>, or a <c>root</c> whose type is <c>Elsa.*</c>), each activity mapped
/// by <see cref="ElsaActivityMap"/>, each expression to its hub form. Anything without a hub equivalent is an error
/// naming the activity type, expression type or property, at its file:line:col. Each activity keeps its original JSON.
/// </summary>
internal static partial class ElsaDefinitionReader
{
    /// <summary>Whether <paramref name="text"/> is an Elsa definition; <paramref name="document"/> is its JSON when it parsed.</summary>
    public static bool Recognise(string text, out JsonObject? document, out JsonException? error)
    {
        document = null;
        error = null;
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.IsEmpty || trimmed[0] != '{')
        {
            return false;
        }

        try
        {
            document = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject;
        }
        catch (JsonException ex)
        {
            // Broken JSON that names Elsa activities is reported as JSON, not as YAML.
            error = ex;
            return text.Contains("\"Elsa.", StringComparison.Ordinal);
        }

        return document is not null && IsElsa(document);
    }

    private static bool IsElsa(JsonObject document) =>
        (document["$schema"] is JsonValue schema && schema.TryGetValue<string>(out var s) && s.Contains("elsa", StringComparison.OrdinalIgnoreCase))
        || (document["root"] is JsonObject root && root["type"] is JsonValue type && type.TryGetValue<string>(out var t) && t.StartsWith("Elsa.", StringComparison.Ordinal));

    public static (WorkflowDefinition? Definition, IReadOnlyList<WorkflowDiagnostic> Errors) Read(string file, string text, JsonObject? document, JsonException? parseError)
    {
        if (document is null)
        {
            var line = (int)(parseError?.LineNumber ?? 0) + 1;
            var column = (int)(parseError?.BytePositionInLine ?? 0) + 1;
            return (null, [new WorkflowDiagnostic(new SourceLocation(file, line, column, "$"), $"not valid JSON: {parseError?.Message.Split(" Path:")[0] ?? "empty"}")]);
        }

        var reader = new Reader(file, JsonPositions.Index(Encoding.UTF8.GetBytes(text)));
        return (reader.ReadDocument(document), reader.Errors);
    }

    private static string? IdFromFileName(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file).ToLowerInvariant();
        var id = NotInId().Replace(name, "-").Trim('-', '.', '_');
        return id.Length is > 0 and <= 100 ? id : null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex ElsaDefinitionIdPattern();

    [GeneratedRegex("[^a-z0-9._-]+")]
    private static partial Regex NotInId();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex ElsaActivityIdPattern();

    private sealed partial class Reader(string file, JsonPositions positions)
    {
        private readonly Dictionary<string, string> _variableNames = new(StringComparer.Ordinal); // Elsa variable id -> name
        private readonly HashSet<string> _outputNames = new(StringComparer.Ordinal);
        private readonly List<TriggerDefinition> _triggers = [];
        private bool _needsCurrentValue;

        /// <summary>The variable an Elsa loop's item is in when its currentValue output is not bound to one.</summary>
        private const string CurrentValue = "CurrentValue";

        public List<WorkflowDiagnostic> Errors { get; } = [];

        public WorkflowDefinition? ReadDocument(JsonObject document)
        {
            // Elsa gives a definition without one a new id when it imports it; the hub takes the file's name, so it stays stable.
            var definitionId = Text(document, "definitionId", "definitionId") ?? IdFromFileName(file);
            if (definitionId is null)
            {
                Error("$", "an Elsa definition needs its definitionId (or a file name that can be one)");
            }
            else if (!ElsaDefinitionIdPattern().IsMatch(definitionId))
            {
                // Elsa's generated ids are hex or short guids (mixed case, '-' and '_'); they stay as they are.
                Error("definitionId", $"definitionId '{definitionId}' cannot be a hub id: letters, digits, '.', '_' or '-' (at most 100), starting with a letter or digit");
            }

            var version = 1;
            if (document["version"] is { } v && !(v is JsonValue jv && jv.TryGetValue(out version) && version >= 1))
            {
                Error("version", "version must be a whole number, 1 or more");
            }

            var variables = ReadVariables(document);
            var inputs = ReadInputs(document);
            if (document["root"] is not JsonObject rootJson)
            {
                Error("root", "root is required: an Elsa.Flowchart (or Elsa.Sequence) activity");
                return null;
            }

            var root = ReadActivity(rootJson, "root");
            if (root is null || definitionId is null)
            {
                return null;
            }

            if (_needsCurrentValue && variables.All(v => v.Name != CurrentValue))
            {
                variables.Add(new VariableDefinition(CurrentValue, "object", null, At("$")));
            }

            // A hub workflow exported to Elsa carries its triggers and persistence under customProperties.hub; an Elsa
            // workflow's triggers are its trigger activities, and like in Elsa it can always be run by hand.
            var hub = (document["customProperties"] as JsonObject)?["hub"] as JsonObject;
            List<TriggerDefinition> triggers = hub?["triggers"] is not null ? [.. HubTriggers(hub), .. _triggers] : [.. _triggers, new TriggerDefinition("Manual", new Dictionary<string, InputSource>(), At("$"))];
            return new WorkflowDefinition(definitionId, version, Text(document, "name", "name"), Text(document, "description", "description"),
                triggers, variables, root, At("$"))
            {
                Format = hub is null ? DefinitionFormat.Elsa : DefinitionFormat.Hub,
                Original = hub is null ? document : null,
                Inputs = inputs,
                Persistence = hub?["persistence"]?.GetValue<string>() == "onSuspendOrFault" ? InstancePersistence.OnSuspendOrFault : InstancePersistence.Always,
            };
        }

        private List<TriggerDefinition> HubTriggers(JsonObject hub)
        {
            var result = new List<TriggerDefinition>();
            foreach (var (trigger, path) in Items(hub, "triggers", "customProperties.hub"))
            {
                if (Text(trigger, "type", $"{path}.type") is not { } type)
                {
                    Error(path, "a trigger needs a type");
                    continue;
                }

                var settings = trigger.Where(p => p.Key != "type").ToDictionary(p => p.Key, p => HubValues.FromJson(p.Value, At($"{path}.{p.Key}")), StringComparer.Ordinal);
                result.Add(new TriggerDefinition(type, settings, At(path)));
            }

            return result;
        }

        /// <summary>Elsa variables (and the workflow's declared outputs, which become variables SetOutput writes).</summary>
        private List<VariableDefinition> ReadVariables(JsonObject document)
        {
            var result = new List<VariableDefinition>();
            foreach (var (item, path) in Items(document, "variables"))
            {
                var name = Text(item, "name", $"{path}.name");
                if (name is null)
                {
                    Error(path, "an Elsa variable needs a name");
                    continue;
                }

                if (Text(item, "id", $"{path}.id") is { } id)
                {
                    _variableNames[id] = name;
                }

                var type = VariableType(item, path);
                var value = item["value"] is JsonValue initial ? new LiteralSource(InitialValue(initial, type), At($"{path}.value")) : null;
                result.Add(new VariableDefinition(name, type ?? "object", value, At(path)));
            }

            foreach (var (item, path) in Items(document, "outputs"))
            {
                if (Text(item, "name", $"{path}.name") is { } name)
                {
                    _outputNames.Add(name);
                    result.Add(new VariableDefinition(name, "object", null, At(path)));
                }
            }

            return result;
        }

        /// <summary>Elsa stores a variable's initial value as text ("0", "true", JSON); the hub holds it as the JSON value it is, when it is one of the type.</summary>
        private static JsonNode? InitialValue(JsonValue value, string? type)
        {
            if (type is "json" or "int" or "long" or "decimal" or "bool" && value.TryGetValue<string>(out var text))
            {
                try
                {
                    var parsed = JsonNode.Parse(text);
                    var kind = parsed?.GetValueKind();
                    if (type == "json" || (type == "bool" && kind is JsonValueKind.True or JsonValueKind.False) || (type != "bool" && kind == JsonValueKind.Number))
                    {
                        return parsed;
                    }
                }
                catch (JsonException)
                {
                }
            }

            return value.DeepClone();
        }

        private List<string> ReadInputs(JsonObject document) =>
            [.. Items(document, "inputs").Select(i => Text(i.Item, "name", $"{i.Path}.name")).OfType<string>()];

        /// <summary>An Elsa type name (<c>String</c>, <c>Int32</c>, <c>Object</c>, ...) as the hub's variable type.</summary>
        private string? VariableType(JsonObject variable, string path)
        {
            if (variable["isArray"] is JsonValue array && array.TryGetValue<bool>(out var isArray) && isArray)
            {
                return "json";
            }

            var typeName = Text(variable, "typeName", $"{path}.typeName") ?? "Object";
            if (ElsaTypeNames.Variable(typeName) is { } type)
            {
                return type;
            }

            Error($"{path}.typeName", $"variable type '{typeName}' has no hub equivalent (known: {string.Join(", ", ElsaTypeNames.KnownVariableTypes)})");
            return null;
        }

        private IEnumerable<(JsonObject Item, string Path)> Items(JsonObject owner, string property, string? ownerPath = null)
        {
            var path = ownerPath is null ? property : $"{ownerPath}.{property}";
            switch (owner[property])
            {
                case null:
                    yield break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is JsonObject item)
                        {
                            yield return (item, $"{path}[{i}]");
                        }
                        else
                        {
                            Error($"{path}[{i}]", $"each of {property} must be an object");
                        }
                    }

                    yield break;
                default:
                    Error(path, $"{property} must be a list");
                    yield break;
            }
        }

        private string? Text(JsonObject owner, string property, string path)
        {
            switch (owner[property])
            {
                case null:
                    return null;
                case JsonValue value when value.TryGetValue<string>(out var text):
                    return text;
                default:
                    Error(path, $"{property} must be text");
                    return null;
            }
        }

        private SourceLocation At(string path)
        {
            var (line, column) = positions[path];
            return new SourceLocation(file, line, column, path);
        }

        private void Error(string path, string message) => Errors.Add(new WorkflowDiagnostic(At(path), message));
    }
}
