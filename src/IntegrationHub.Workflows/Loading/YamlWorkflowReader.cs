using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IntegrationHub.Workflows.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IntegrationHub.Workflows.Loading;

/// <summary>
/// Reads a workflow file (YAML, or JSON, which YAML includes) into a <see cref="WorkflowDefinition"/>, keeping the
/// line and column of every value and collecting every structural problem instead of stopping at the first.
/// Type-level checks (known activity types, inputs, connections) are the validator's job.
/// </summary>
public static partial class YamlWorkflowReader
{
    private static readonly HashSet<string> TopLevel = ["$schema", "definitionId", "version", "name", "description", "trigger", "triggers", "variables", "persistence", "root"];
    private static readonly HashSet<string> Reserved = ["id", "type", "name", "description", "metadata", "customProperties", "activities", "connections", "retry"];

    /// <returns>The definition when its skeleton (definitionId, root) could be read, and every structural problem.</returns>
    public static (WorkflowDefinition? Definition, IReadOnlyList<WorkflowDiagnostic> Errors) Read(string file, string text)
    {
        var reader = new Reader(file);
        // The definition comes back even with errors when it could be built, so the compiler can report the rest too.
        return (reader.ReadDocument(text), reader.Errors);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,99}$")]
    internal static partial Regex DefinitionIdPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]{0,63}$")]
    internal static partial Regex ActivityIdPattern();

    [GeneratedRegex(@"^\s*(?<source>[^:\s]+)\s*(:\s*(?<outcome>[^\s-]+))?\s*->\s*(?<target>\S+)\s*$")]
    private static partial Regex ConnectionPattern();

    private sealed class Reader(string file)
    {
        public List<WorkflowDiagnostic> Errors { get; } = [];

        public WorkflowDefinition? ReadDocument(string text)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException ex)
            {
                Errors.Add(new(new SourceLocation(file, (int)ex.Start.Line, (int)ex.Start.Column, "$"), $"not valid YAML/JSON: {ex.InnerException?.Message ?? ex.Message}"));
                return null;
            }

            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Errors.Add(new(new SourceLocation(file, 1, 1, "$"), "a workflow file holds exactly one definition: a mapping with definitionId, version and root"));
                return null;
            }

            foreach (var key in root.Children.Keys.OfType<YamlScalarNode>().Where(k => !TopLevel.Contains(k.Value ?? "")))
            {
                Errors.Add(new(At(key, key.Value ?? ""), $"unknown property '{key.Value}' (expected one of: {string.Join(", ", TopLevel.Where(t => t != "$schema"))})"));
            }

            var definitionId = RequiredString(root, "definitionId", "$");
            if (definitionId is not null && !DefinitionIdPattern().IsMatch(definitionId))
            {
                Errors.Add(new(At(Child(root, "definitionId")!, "definitionId"), "definitionId must be lower-case letters, digits, '.', '_' or '-' (at most 100), starting with a letter or digit"));
            }

            var version = 0;
            switch (Child(root, "version"))
            {
                case null:
                    Errors.Add(new(At(root, "version"), "version is required (a whole number, 1 or more)"));
                    break;
                case YamlScalarNode v when int.TryParse(v.Value, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version >= 1:
                    break;
                case var v:
                    Errors.Add(new(At(v, "version"), "version must be a whole number, 1 or more"));
                    break;
            }

            var triggers = ReadTriggers(root);
            var variables = ReadVariables(root);
            var persistence = ReadPersistence(root);
            ActivityNode? rootActivity = null;
            if (Child(root, "root") is YamlMappingNode rootNode)
            {
                rootActivity = ReadActivity(rootNode, "root", defaultId: "root");
            }
            else
            {
                Errors.Add(new(At(Child(root, "root") ?? root, "root"), "root is required: a mapping with type Flowchart or Sequence"));
            }

            return definitionId is null || rootActivity is null ? null : new WorkflowDefinition(
                definitionId, version, OptionalString(root, "name", "name"), OptionalString(root, "description", "description"),
                triggers, variables, rootActivity, At(root, "$")) { Persistence = persistence };
        }

        private InstancePersistence ReadPersistence(YamlMappingNode root)
        {
            switch (Child(root, "persistence"))
            {
                case null:
                    return InstancePersistence.Always;
                case YamlScalarNode { Value: "always" }:
                    return InstancePersistence.Always;
                case YamlScalarNode { Value: "onSuspendOrFault" }:
                    return InstancePersistence.OnSuspendOrFault;
                case var other:
                    Errors.Add(new(At(other, "persistence"), $"persistence must be always or onSuspendOrFault, not '{(other as YamlScalarNode)?.Value ?? other.NodeType.ToString()}'"));
                    return InstancePersistence.Always;
            }
        }

        private List<TriggerDefinition> ReadTriggers(YamlMappingNode root)
        {
            var result = new List<TriggerDefinition>();
            var single = Child(root, "trigger");
            var many = Child(root, "triggers");
            if (single is not null && many is not null)
            {
                Errors.Add(new(At(single, "trigger"), "give either trigger or triggers, not both"));
            }

            IEnumerable<(YamlNode Node, string Path)> items = single is not null
                ? [(single, "trigger")]
                : many is YamlSequenceNode seq ? seq.Children.Select((n, i) => (n, $"triggers[{i}]"))
                : many is null ? [] : Invalid(many, "triggers", "triggers must be a list");
            foreach (var (node, path) in items)
            {
                if (node is not YamlMappingNode map)
                {
                    Errors.Add(new(At(node, path), "a trigger is a mapping with a type and its settings"));
                    continue;
                }

                var type = RequiredString(map, "type", path);
                var settings = map.Children.Where(c => Name(c.Key) != "type")
                    .ToDictionary(c => Name(c.Key), c => ReadValue(c.Value, $"{path}.{Name(c.Key)}"), StringComparer.Ordinal);
                if (type is not null)
                {
                    result.Add(new TriggerDefinition(type, settings, At(map, path)));
                }
            }

            return result;
        }

        private List<VariableDefinition> ReadVariables(YamlMappingNode root)
        {
            var result = new List<VariableDefinition>();
            switch (Child(root, "variables"))
            {
                case null:
                    break;
                case YamlSequenceNode seq:
                    for (var i = 0; i < seq.Children.Count; i++)
                    {
                        var path = $"variables[{i}]";
                        if (seq.Children[i] is not YamlMappingNode map)
                        {
                            Errors.Add(new(At(seq.Children[i], path), "a variable is a mapping with name, type and an optional value"));
                            continue;
                        }

                        var name = RequiredString(map, "name", path);
                        var type = OptionalString(map, "type", $"{path}.type") ?? "object";
                        var value = Child(map, "value") is { } v ? ReadValue(v, $"{path}.value") : null;
                        if (name is not null)
                        {
                            result.Add(new VariableDefinition(name, type, value, At(map, path)));
                        }
                    }

                    break;
                case var other:
                    Errors.Add(new(At(other, "variables"), "variables must be a list of {name, type, value}"));
                    break;
            }

            return result;
        }

        private ActivityNode? ReadActivity(YamlMappingNode map, string path, string? defaultId = null)
        {
            var id = Child(map, "id") is null && defaultId is not null ? defaultId : RequiredString(map, "id", path);
            if (id is not null && !ActivityIdPattern().IsMatch(id))
            {
                Errors.Add(new(At(Child(map, "id") ?? map, $"{path}.id"), "an activity id is a letter or '_' followed by letters, digits, '_' or '-' (at most 64)"));
            }

            var type = RequiredString(map, "type", path);
            var children = new List<ActivityNode>();
            switch (Child(map, "activities"))
            {
                case null:
                    break;
                case YamlSequenceNode seq:
                    for (var i = 0; i < seq.Children.Count; i++)
                    {
                        var childPath = $"{path}.activities[{i}]";
                        if (seq.Children[i] is YamlMappingNode childMap)
                        {
                            if (ReadActivity(childMap, childPath) is { } child)
                            {
                                children.Add(child);
                            }
                        }
                        else
                        {
                            Errors.Add(new(At(seq.Children[i], childPath), "an activity is a mapping with id and type"));
                        }
                    }

                    break;
                case var other:
                    Errors.Add(new(At(other, $"{path}.activities"), "activities must be a list"));
                    break;
            }

            var connections = new List<ConnectionDefinition>();
            switch (Child(map, "connections"))
            {
                case null:
                    break;
                case YamlSequenceNode seq:
                    for (var i = 0; i < seq.Children.Count; i++)
                    {
                        if (ReadConnection(seq.Children[i], $"{path}.connections[{i}]") is { } c)
                        {
                            connections.Add(c);
                        }
                    }

                    break;
                case var other:
                    Errors.Add(new(At(other, $"{path}.connections"), "connections must be a list"));
                    break;
            }

            var inputs = map.Children.Where(c => !Reserved.Contains(Name(c.Key)))
                .ToDictionary(c => Name(c.Key), c => ReadValue(c.Value, $"{path}.{Name(c.Key)}"), StringComparer.Ordinal);
            var retry = Child(map, "retry") is { } r ? ReadRetry(r, $"{path}.retry") : null;
            return id is null || type is null ? null : new ActivityNode(id, type, inputs, children, connections, At(map, path)) { Retry = retry };
        }

        private RetryDefinition? ReadRetry(YamlNode node, string path)
        {
            if (node is not YamlMappingNode map)
            {
                Errors.Add(new(At(node, path), "retry is a mapping: { maxAttempts, delay, backoff, maxDelay }"));
                return null;
            }

            foreach (var key in map.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value is not ("maxAttempts" or "delay" or "backoff" or "maxDelay")))
            {
                Errors.Add(new(At(key, $"{path}.{key.Value}"), $"unknown retry setting '{key.Value}' (known: maxAttempts, delay, backoff, maxDelay)"));
            }

            var attempts = 3;
            if (Child(map, "maxAttempts") is { } a && !(a is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out attempts) && attempts is >= 1 and <= 100))
            {
                Errors.Add(new(At(a, $"{path}.maxAttempts"), "maxAttempts must be a whole number from 1 to 100"));
            }

            var delay = Duration(map, "delay", path, TimeSpan.FromSeconds(1));
            var maxDelay = Duration(map, "maxDelay", path, TimeSpan.FromMinutes(1));
            var backoff = OptionalString(map, "backoff", $"{path}.backoff") ?? "exponential";
            if (backoff is not ("constant" or "linear" or "exponential"))
            {
                Errors.Add(new(At(Child(map, "backoff")!, $"{path}.backoff"), "backoff must be constant, linear or exponential"));
            }

            return new RetryDefinition(attempts, delay, backoff, maxDelay, At(map, path));
        }

        private TimeSpan Duration(YamlMappingNode map, string key, string path, TimeSpan fallback)
        {
            if (Child(map, key) is not { } node)
            {
                return fallback;
            }

            try
            {
                var value = (TimeSpan)Expressions.ValueConverter.Convert((node as YamlScalarNode)?.Value, typeof(TimeSpan))!;
                if (value >= TimeSpan.Zero && value <= TimeSpan.FromDays(1))
                {
                    return value;
                }
            }
            catch (FormatException)
            {
            }

            Errors.Add(new(At(node, $"{path}.{key}"), $"{key} must be a duration from 0 to 1 day (ISO 8601 like PT5S, or 00:00:05)"));
            return fallback;
        }

        private ConnectionDefinition? ReadConnection(YamlNode node, string path)
        {
            switch (node)
            {
                case YamlScalarNode scalar when ConnectionPattern().Match(scalar.Value ?? "") is { Success: true } m:
                    return new ConnectionDefinition(m.Groups["source"].Value, m.Groups["outcome"].Success ? m.Groups["outcome"].Value : "Done", m.Groups["target"].Value, At(node, path));
                case YamlMappingNode map:
                    // Short form {source, outcome, target} or Elsa's {source: {activity, port}, target: {activity, port}}.
                    var source = Child(map, "source");
                    var target = Child(map, "target");
                    var sourceId = source is YamlMappingNode s ? RequiredString(s, "activity", $"{path}.source") : RequiredString(map, "source", path);
                    var outcome = source is YamlMappingNode s2 ? OptionalString(s2, "port", $"{path}.source.port") : OptionalString(map, "outcome", $"{path}.outcome");
                    var targetId = target is YamlMappingNode t ? RequiredString(t, "activity", $"{path}.target") : RequiredString(map, "target", path);
                    return sourceId is null || targetId is null ? null : new ConnectionDefinition(sourceId, outcome ?? "Done", targetId, At(node, path));
                default:
                    Errors.Add(new(At(node, path), "a connection is 'source:Outcome -> target', 'source -> target' or {source, outcome, target}"));
                    return null;
            }
        }

        private InputSource ReadValue(YamlNode node, string path)
        {
            var at = At(node, path);
            switch (node)
            {
                case YamlScalarNode scalar:
                    var text = scalar.Value ?? "";
                    if (scalar.Style is ScalarStyle.Plain or ScalarStyle.Any)
                    {
                        if (text is "" or "~" or "null")
                        {
                            return new LiteralSource(null, at);
                        }

                        if (text is "true" or "false")
                        {
                            return new LiteralSource(JsonValue.Create(text == "true"), at);
                        }

                        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                        {
                            return new LiteralSource(JsonValue.Create(l), at);
                        }

                        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d))
                        {
                            return new LiteralSource(JsonValue.Create(d), at);
                        }
                    }

                    return Expressions.ExpressionText.Parse(text, at);
                case YamlSequenceNode seq:
                    var items = seq.Children.Select((c, i) => ReadValue(c, $"{path}[{i}]")).ToList();
                    return items.All(i => i is LiteralSource)
                        ? new LiteralSource(new JsonArray(items.Select(i => ((LiteralSource)i).Value).ToArray()), at)
                        : new StructureSource(null, items, at);
                case YamlMappingNode map:
                    var properties = map.Children.Select(c => KeyValuePair.Create(Name(c.Key), ReadValue(c.Value, $"{path}.{Name(c.Key)}"))).ToList();
                    return properties.All(p => p.Value is LiteralSource)
                        ? new LiteralSource(new JsonObject(properties.Select(p => KeyValuePair.Create(p.Key, ((LiteralSource)p.Value).Value))), at)
                        : new StructureSource(properties, null, at);
                default:
                    Errors.Add(new(at, "unsupported YAML node (anchors and aliases are not supported)"));
                    return new LiteralSource(null, at);
            }
        }

        private string? RequiredString(YamlMappingNode map, string key, string parentPath)
        {
            var path = parentPath == "$" ? key : $"{parentPath}.{key}";
            switch (Child(map, key))
            {
                case null:
                    Errors.Add(new(At(map, path), $"{key} is required"));
                    return null;
                case YamlScalarNode { Value: { Length: > 0 } value }:
                    return value;
                case var other:
                    Errors.Add(new(At(other, path), $"{key} must be a non-empty string"));
                    return null;
            }
        }

        private string? OptionalString(YamlMappingNode map, string key, string path)
        {
            switch (Child(map, key))
            {
                case null:
                    return null;
                case YamlScalarNode s:
                    return s.Value;
                case var other:
                    Errors.Add(new(At(other, path), $"{key} must be a string"));
                    return null;
            }
        }

        private IEnumerable<(YamlNode, string)> Invalid(YamlNode node, string path, string message)
        {
            Errors.Add(new(At(node, path), message));
            return [];
        }

        private static YamlNode? Child(YamlMappingNode map, string key) =>
            map.Children.FirstOrDefault(c => Name(c.Key) == key).Value;

        private static string Name(YamlNode key) => key is YamlScalarNode s ? s.Value ?? "" : key.ToString();

        private SourceLocation At(YamlNode node, string path) => new(file, (int)node.Start.Line, (int)node.Start.Column, path);
    }
}
