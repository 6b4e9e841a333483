using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Sandbox.Fxiaoke;

/// <summary>Evaluates one Fxiaoke query filter (<c>field_name</c>, <c>field_values</c>, <c>operator</c>) against a record.</summary>
internal static class FxiaokeQueryFilter
{
    public static readonly HashSet<string> Operators = ["EQ", "N", "GT", "GTE", "LT", "LTE", "IN", "NIN", "LIKE", "IS", "ISN", "BETWEEN"];

    public static bool Matches(JsonObject record, string field, IReadOnlyList<string> values, string op)
    {
        var actual = Text(record[field]);
        return op switch
        {
            "EQ" => actual is not null && values.Count > 0 && actual == values[0],
            "N" => actual is null || values.Count == 0 || actual != values[0],
            "IN" => actual is not null && values.Contains(actual),
            "NIN" => actual is null || !values.Contains(actual),
            "LIKE" => actual is not null && values.Count > 0 && actual.Contains(values[0], StringComparison.OrdinalIgnoreCase),
            "IS" => actual is null,
            "ISN" => actual is not null,
            "GT" => Compare(actual, values, 0) > 0,
            "GTE" => Compare(actual, values, 0) >= 0,
            "LT" => Compare(actual, values, 0) is < 0 and not int.MinValue,
            "LTE" => Compare(actual, values, 0) is <= 0 and not int.MinValue,
            "BETWEEN" => Compare(actual, values, 0) >= 0 && Compare(actual, values, 1) is <= 0 and not int.MinValue,
            _ => false,
        };
    }

    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(),
    };

    // int.MinValue means "not comparable", which fails every ordering operator.
    private static int Compare(string? actual, IReadOnlyList<string> values, int index)
    {
        if (actual is null || values.Count <= index)
        {
            return int.MinValue;
        }

        return decimal.TryParse(actual, NumberStyles.Number, CultureInfo.InvariantCulture, out var a)
            && decimal.TryParse(values[index], NumberStyles.Number, CultureInfo.InvariantCulture, out var b)
            ? a.CompareTo(b)
            : string.CompareOrdinal(actual, values[index]) switch { < 0 => -1, 0 => 0, _ => 1 };
    }
}
