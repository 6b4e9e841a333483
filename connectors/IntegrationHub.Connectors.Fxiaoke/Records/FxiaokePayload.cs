using System.Globalization;
using System.Text.Json;

namespace IntegrationHub.Connectors.Fxiaoke.Records;

/// <summary>Reads fields of an incoming canonical payload; a missing or malformed required field is that record's error.</summary>
internal readonly struct FxiaokePayload(CanonicalRecord record)
{
    public const string InvalidPayload = "invalid-payload";

    public string? Text(string name, bool required = false)
    {
        if (record.Payload.ValueKind == JsonValueKind.Object && record.Payload.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : throw Invalid($"{name} must be a non-empty string");
        }

        return required ? throw Invalid($"{name} is required") : null;
    }

    public decimal? Money(string name, bool required = false)
    {
        if (record.Payload.ValueKind == JsonValueKind.Object && record.Payload.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var amount) ? amount : throw Invalid($"{name} must be a JSON number");
        }

        return required ? throw Invalid($"{name} is required") : null;
    }

    /// <summary>An ISO 8601 date or date-time as epoch milliseconds (a date is that day's midnight UTC).</summary>
    public long? EpochMilliseconds(string name, bool required = false)
    {
        var text = Text(name, required);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at.ToUnixTimeMilliseconds()
            : throw Invalid($"{name} must be an ISO 8601 date or date-time");
    }

    public ConnectorRecordException Invalid(string message) =>
        new(FxiaokeServiceCollectionExtensions.HttpClientName, new RecordError(record.Identity, InvalidPayload, message));
}
