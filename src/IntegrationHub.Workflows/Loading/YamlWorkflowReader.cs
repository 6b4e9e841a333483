using System.Globalization;
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
internal static partial class YamlWorkflowReader
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

    private sealed partial class Reader(string file)
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
    }
}
