using System.Globalization;
using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IntegrationHub.Workflows.Loading;

internal static partial class YamlWorkflowReader
{
    /// <summary>Activities, their retry policies, connections and input values (literal, expression, template, structure).</summary>
    private sealed partial class Reader
    {
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
    }
}
