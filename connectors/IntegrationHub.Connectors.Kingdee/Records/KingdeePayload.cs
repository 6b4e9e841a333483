using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Kingdee.Records;

/// <summary>Reads fields of a canonical payload with errors that name the field (they become the record's error).</summary>
internal static class KingdeePayload
{
    public static string RequiredText(JsonElement payload, string field) =>
        OptionalText(payload, field) is { Length: > 0 } text ? text : throw new FormatException($"{field} is required");

    public static string? OptionalText(JsonElement payload, string field) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw new FormatException($"{field} must be a string")
            : null;

    public static decimal RequiredDecimal(JsonElement payload, string field) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDecimal()
            : throw new FormatException($"{field} must be a number");

    public static DateOnly RequiredDate(JsonElement payload, string field) =>
        DateOnly.TryParseExact(RequiredText(payload, field), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException($"{field} must be a date yyyy-MM-dd");

    public static JsonElement.ArrayEnumerator RequiredArray(JsonElement payload, string field) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0
            ? v.EnumerateArray()
            : throw new FormatException($"{field} must be a non-empty array");

    public static JsonElement ToElement(JsonObject payload) => JsonSerializer.SerializeToElement(payload);

    public static string Iso(DateTimeOffset utc) => utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
