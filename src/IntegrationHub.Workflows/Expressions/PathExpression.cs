using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IntegrationHub.Workflows.Expressions;

/// <summary>
/// <c>${ name.a.b[0] }</c> over a variable or <c>input</c>, evaluated without the C# compiler: JSON objects and arrays,
/// dictionaries, lists and public properties. A missing member gives null rather than an error, as in a JSON path.
/// </summary>
internal static partial class PathExpression
{
    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo?> Properties = new();

    [GeneratedRegex(@"^(?<root>[A-Za-z_][A-Za-z0-9_]*)(?<rest>(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"\.(?<name>[A-Za-z_][A-Za-z0-9_]*)|\[(?<index>\d+)\]")]
    private static partial Regex Segment();

    /// <returns>The root name and the member/index segments, or null when the code is not a plain path.</returns>
    public static (string Root, object[] Segments)? TryParse(string code)
    {
        var match = Pattern().Match(code.Trim());
        if (!match.Success)
        {
            return null;
        }

        var segments = Segment().Matches(match.Groups["rest"].Value)
            .Select(m => m.Groups["name"].Success ? (object)m.Groups["name"].Value : int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture))
            .ToArray();
        return (match.Groups["root"].Value, segments);
    }

    public static Func<WorkflowScope, object?> Compile(string root, object[] segments, int? slot)
    {
        Func<WorkflowScope, object?> start = slot is { } s ? scope => scope.Read(s) : scope => scope.Input;
        if (segments.Length == 0)
        {
            return start;
        }

        return scope =>
        {
            var current = start(scope);
            foreach (var segment in segments)
            {
                current = Step(current, segment);
                if (current is null)
                {
                    return null;
                }
            }

            return current;
        };
    }

    private static object? Step(object? current, object segment) => (current, segment) switch
    {
        (JsonObject o, string name) => o.TryGetPropertyValue(name, out var v) ? v : null,
        (JsonArray a, int i) => i < a.Count ? a[i] : null,
        (IDictionary<string, object?> d, string name) => d.TryGetValue(name, out var v) ? v : null,
        (IList l, int i) => i < l.Count ? l[i] : null,
        (null, _) => null,
        (_, string name) => Properties.GetOrAdd((current.GetType(), name), k => k.Item1.GetProperty(k.Item2, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase))?.GetValue(current),
        _ => null,
    };
}
