using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IntegrationHub.Sandbox.Salesforce.Soql;

/// <summary>A SOQL literal: string, number, datetime, date, boolean or null; compared with a record's JSON value.</summary>
internal sealed record SoqlValue(object? Value)
{
    /// <summary>Sign of (this - actual); <see cref="int.MinValue"/>/<see cref="int.MaxValue"/> when the two cannot be ordered.</summary>
    public int CompareTo(JsonNode? actual)
    {
        var text = actual is JsonValue v ? (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()) : null;
        switch (Value)
        {
            case null:
                return text is null ? 0 : 1;
            case DateTimeOffset dt:
                return SalesforceTime.TryParse(text, out var other) ? Math.Sign(dt.CompareTo(other)) : int.MinValue;
            case DateOnly d:
                return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var od) ? Math.Sign(d.CompareTo(od)) : int.MinValue;
            case decimal n:
                return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var on) ? Math.Sign(n.CompareTo(on)) : int.MinValue;
            case bool b:
                return text is "true" or "false" ? (b == (text == "true") ? 0 : 1) : int.MinValue;
            case string s:
                return text is null ? int.MinValue : Math.Sign(string.CompareOrdinal(s, text));
            default:
                return int.MinValue;
        }
    }

    /// <summary>LIKE with <c>%</c> and <c>_</c>, case-insensitive as in Salesforce.</summary>
    public bool Like(JsonNode? actual) =>
        Value is string pattern && actual is JsonValue v && v.TryGetValue<string>(out var text)
        && Regex.IsMatch(text, "^" + Regex.Escape(pattern).Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
}
