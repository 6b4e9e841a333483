using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace IntegrationHub.Workflows.Expressions;

/// <summary>Converts literal and expression values to the type an input or variable declares; invariant culture throughout.</summary>
public static class ValueConverter
{
    public static readonly IReadOnlyDictionary<string, Type> VariableTypes = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["string"] = typeof(string),
        ["int"] = typeof(int),
        ["long"] = typeof(long),
        ["decimal"] = typeof(decimal),
        ["bool"] = typeof(bool),
        ["datetime"] = typeof(DateTimeOffset),
        ["json"] = typeof(JsonNode),
        ["object"] = typeof(object),
    };

    /// <exception cref="FormatException">The value cannot be converted; the message says to what.</exception>
    public static object? Convert(object? value, Type target)
    {
        if (value is null)
        {
            return target.IsValueType && Nullable.GetUnderlyingType(target) is null ? Activator.CreateInstance(target) : null;
        }

        if (target == typeof(object) || target.IsInstanceOfType(value))
        {
            return value;
        }

        if (value is JsonValue json)
        {
            value = json.GetValueKind() switch
            {
                JsonValueKind.String => json.GetValue<string>(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number when json.TryGetValue<long>(out var l) => l,
                JsonValueKind.Number when json.TryGetValue<decimal>(out var d) => d,
                JsonValueKind.Number => decimal.Parse(json.ToJsonString(), CultureInfo.InvariantCulture),
                _ => json.ToJsonString(),
            };
            if (target.IsInstanceOfType(value))
            {
                return value;
            }
        }

        try
        {
            return target switch
            {
                _ when target == typeof(string) => value is JsonNode n ? n.ToJsonString() : System.Convert.ToString(value, CultureInfo.InvariantCulture),
                _ when target == typeof(JsonNode) => value is string s ? JsonValue.Create(s) : JsonSerializer.SerializeToNode(value),
                _ when target == typeof(TimeSpan) && value is string s => ParseDuration(s),
                _ when target == typeof(DateTimeOffset) && value is string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                _ when target == typeof(IEnumerable) && value is IEnumerable e and not string => e,
                _ when target == typeof(IReadOnlyList<string>) && value is JsonArray a => a.Select(x => x?.ToString() ?? "").ToList(),
                _ when target.IsEnum && value is string s => Enum.Parse(target, s, ignoreCase: true),
                _ when value is IConvertible => System.Convert.ChangeType(value, Nullable.GetUnderlyingType(target) ?? target, CultureInfo.InvariantCulture),
                _ => throw new InvalidCastException(),
            };
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            throw new FormatException($"'{Describe(value)}' is not a valid {TypeName(target)}", ex);
        }
    }

    public static string TypeName(Type type) => VariableTypes.FirstOrDefault(t => t.Value == type).Key
        ?? (type == typeof(TimeSpan) ? "duration (ISO 8601 like PT5S, or 00:00:05)" : type == typeof(IEnumerable) ? "list" : type.Name);

    private static TimeSpan ParseDuration(string text) =>
        text.StartsWith('P') ? XmlConvert.ToTimeSpan(text) : TimeSpan.Parse(text, CultureInfo.InvariantCulture);

    private static string Describe(object value)
    {
        var text = value is JsonNode n ? n.ToJsonString() : value.ToString() ?? "";
        return text.Length > 60 ? text[..57] + "..." : text;
    }
}
