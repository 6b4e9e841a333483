using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluid;

namespace IntegrationHub.Workflows.Expressions;

/// <summary>
/// A Liquid template (Elsa's <c>Liquid</c> expression type), parsed by Fluid when its definition loads and rendered to
/// text when read. The subset the hub gives it: <c>Variables.X</c> (every declared variable, by its name and with the
/// first letter upper-cased) and <c>Input.X</c> (the instance's input), with Liquid's tags and Fluid's standard filters
/// (including <c>json</c>); unknown filters are errors. Elsa's other Liquid globals (<c>Workflow</c>,
/// <c>WorkflowInstanceId</c>, <c>CorrelationId</c>, <c>Activity</c>) and its own filters are not there: a name that is
/// not there renders empty, as in Liquid. Each render is bounded in steps, output size and recursion.
/// </summary>
internal sealed class LiquidExpression
{
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new TemplateOptionsBuilder()
        .WithStrictFilters(true)
        .WithMaxSteps(100_000)
        .WithMaxOutputSize(1024 * 1024)
        .WithMaxRecursion(64)
        .WithCultureInfo(CultureInfo.InvariantCulture)
        .Build();

    private readonly IFluidTemplate _template;
    private readonly IReadOnlyList<(string Name, int Slot)> _variables;

    private LiquidExpression(IFluidTemplate template, IReadOnlyList<(string Name, int Slot)> variables)
    {
        _template = template;
        _variables = variables;
    }

    /// <summary>Parses <paramref name="text"/>; a syntax error comes back as text with its line and column in the template.</summary>
    public static (LiquidExpression? Expression, string? Error) Prepare(string text, IReadOnlyList<(string Name, int Slot)> variables) =>
        Parser.TryParse(text, out var template, out var error)
            ? (new LiquidExpression(template, variables), null)
            : (null, $"Liquid does not parse: {error.Split('\n')[0].Trim()}");

    public object? Evaluate(WorkflowScope scope)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, slot) in _variables)
        {
            var value = Plain(scope.Read(slot));
            values[name] = value;
            values.TryAdd(Elsa.ElsaTypeNames.Pascal(name), value);
        }

        var context = new TemplateContext(Options);
        context.SetValue("Variables", values);
        context.SetValue("Input", Plain(scope.Input) ?? new Dictionary<string, object?>());
        try
        {
            return _template.Render(context);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ParseException or ArgumentException)
        {
            throw new InvalidOperationException($"the Liquid template failed: {ex.Message}", ex);
        }
    }

    /// <summary>JSON as dictionaries, lists and plain values, which Liquid reads by member and index.</summary>
    private static object? Plain(object? value) => value switch
    {
        JsonObject o => o.ToDictionary(p => p.Key, p => Plain(p.Value), StringComparer.Ordinal),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => v.TryGetValue<long>(out var l) ? l : v.GetValue<decimal>(),
            _ => null,
        },
        _ => value,
    };
}
