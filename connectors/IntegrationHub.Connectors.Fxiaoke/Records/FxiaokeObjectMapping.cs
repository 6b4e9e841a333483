using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Fxiaoke.Records;

/// <summary>
/// How one Fxiaoke object maps to one canonical entity: reading (<see cref="ToPayload"/>) and, for generic upserts, writing
/// (<see cref="ToFieldsAsync"/>). Records read carry the Fxiaoke <c>_id</c> as external id and the record's <c>version</c>
/// as source version. Upserted records are matched by <see cref="KeyField"/> (the incoming external id), and
/// <see cref="VersionField"/> keeps the incoming source version so an older one never overwrites a newer one.
/// </summary>
internal abstract class FxiaokeObjectMapping
{
    public abstract string ObjectApiName { get; }

    public abstract CanonicalEntity Entity { get; }

    /// <summary>The custom field holding the external id of records the hub writes, e.g. <c>erp_customer_no__c</c>.</summary>
    public abstract string KeyField { get; }

    /// <summary>The custom field holding the source version of records the hub writes.</summary>
    public abstract string VersionField { get; }

    /// <summary>The canonical payload of a Fxiaoke record (camelCase JSON).</summary>
    public abstract JsonObject ToPayload(JsonObject record);

    /// <summary>
    /// The Fxiaoke fields for an incoming record (without <c>_id</c>, key and version fields, which the upserter sets).
    /// Throws <see cref="ConnectorRecordException"/> for a payload that cannot be written (missing field, unknown reference).
    /// </summary>
    public abstract Task<JsonObject> ToFieldsAsync(CanonicalRecord record, FxiaokeQueries queries, CancellationToken cancellationToken);

    public CanonicalRecord ToCanonical(JsonObject record)
    {
        var id = Text(record, "_id") ?? throw new ConnectorPermanentException(FxiaokeServiceCollectionExtensions.HttpClientName,
            $"fxiaoke: a {ObjectApiName} record without _id was returned");
        var version = Long(record, "version") ?? Long(record, "last_modified_time") ?? 0;
        var payload = ToPayload(record);
        return new CanonicalRecord(FxiaokeConnector.SystemName, Entity, id, version, JsonSerializer.SerializeToElement(payload));
    }

    public static string? Text(JsonObject record, string field) => record[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    public static long? Long(JsonObject record, string field) => record[field] switch
    {
        JsonValue v when v.TryGetValue<long>(out var n) => n,
        JsonValue v when v.TryGetValue<decimal>(out var d) => (long)d,
        JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    public static decimal? Money(JsonObject record, string field) => record[field] switch
    {
        JsonValue v when v.TryGetValue<decimal>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) && decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    /// <summary>Fxiaoke date-times are epoch milliseconds; canonical ones are ISO 8601 UTC.</summary>
    public static string? IsoTime(JsonObject record, string field) =>
        Long(record, field) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : null;

    public static string? IsoDate(JsonObject record, string field) =>
        Long(record, field) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
}
