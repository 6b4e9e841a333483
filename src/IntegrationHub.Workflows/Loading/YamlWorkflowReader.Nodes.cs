using IntegrationHub.Workflows.Model;
using YamlDotNet.RepresentationModel;

namespace IntegrationHub.Workflows.Loading;

internal static partial class YamlWorkflowReader
{
    /// <summary>Scalar helpers over YAML nodes: required and optional strings, child lookup, and the source location of a node.</summary>
    private sealed partial class Reader
    {
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
