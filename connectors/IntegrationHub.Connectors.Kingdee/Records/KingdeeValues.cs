using System.Globalization;
using System.Text.Json;

namespace IntegrationHub.Connectors.Kingdee.Records;

/// <summary>
/// Reads K3Cloud values: positional query cells and View models (whose property names drop the leading F, whose names may
/// be localized arrays <c>[{Key: lcid, Value}]</c> and whose references are objects with <c>Number</c>). Dates carry no
/// zone; they are the server's local time (<see cref="KingdeeOptions.ServerUtcOffset"/>).
/// </summary>
internal static class KingdeeValues
{
    public const string FilterDateFormat = "yyyy-MM-dd HH:mm:ss.fff";
    private static readonly string[] DateFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"];

    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    public static decimal Decimal(JsonElement value, string what) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDecimal(),
        JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        JsonValueKind.Null => 0m,
        _ => throw new FormatException($"{what} is not a number"),
    };

    public static long Long(JsonElement value, string what) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var l) => l,
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => throw new FormatException($"{what} is not an integer id"),
    };

    /// <summary>A K3Cloud date-time (server local, no zone) as written, e.g. <c>2026-11-23T10:11:12.347</c>.</summary>
    public static DateTime LocalDateTime(JsonElement value, string what) =>
        value.ValueKind == JsonValueKind.String
        && DateTime.TryParseExact(value.GetString(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? DateTime.SpecifyKind(local, DateTimeKind.Unspecified)
            : throw new FormatException($"{what} is not a K3Cloud date ({value.ValueKind})");

    public static DateTimeOffset Utc(DateTime serverLocal, TimeSpan offset) => new DateTimeOffset(serverLocal, offset).ToUniversalTime();

    /// <summary>A property of a View model by its ORM name (<c>Number</c>) or field key (<c>FNumber</c>).</summary>
    public static JsonElement Property(JsonElement model, string name) =>
        model.ValueKind == JsonValueKind.Object && (model.TryGetProperty(name, out var v) || model.TryGetProperty("F" + name, out v)) ? v : default;

    /// <summary>A name as text: plain, or the entry of a localized array for <paramref name="lcid"/> (else the first).</summary>
    public static string? Localized(JsonElement value, int lcid)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return Text(value);
        }

        var entries = value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToArray();
        var match = entries.FirstOrDefault(e => e.TryGetProperty("Key", out var k) && k.ValueKind == JsonValueKind.Number && k.GetInt32() == lcid);
        var chosen = match.ValueKind == JsonValueKind.Object ? match : entries.FirstOrDefault();
        return chosen.ValueKind == JsonValueKind.Object && chosen.TryGetProperty("Value", out var text) ? Text(text) : null;
    }

    /// <summary>The number of a referenced document in a View model (<c>{Id, Number, Name}</c>).</summary>
    public static string? ReferenceNumber(JsonElement value) => value.ValueKind == JsonValueKind.Object ? Text(Property(value, "Number")) : Text(value);

    /// <summary>Quotes a literal for a FilterString (single quotes doubled).</summary>
    public static string Quote(string literal) => "'" + literal.Replace("'", "''", StringComparison.Ordinal) + "'";
}
