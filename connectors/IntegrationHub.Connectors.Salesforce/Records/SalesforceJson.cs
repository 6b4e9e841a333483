using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Salesforce.Records;

/// <summary>Small readers shared by the mappings.</summary>
internal static class SalesforceJson
{
    public const string System = "salesforce";

    public static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string? Text(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } s ? s : null;

    public static decimal? Decimal(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value ? value.GetDecimal() : null;

    public static (string Id, DateTimeOffset Modified) IdAndModstamp(JsonElement record, string sobject)
    {
        var id = Text(record, "Id") ?? throw new FormatException($"a Salesforce {sobject} without 'Id'");
        var modified = SalesforceDates.ParseDateTime(Text(record, "SystemModstamp"))
            ?? throw new FormatException($"Salesforce {sobject} {id} without a readable 'SystemModstamp'");
        return (id, modified);
    }

    public static void Put(JsonObject target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }

    public static ConnectorRecordException Refused(CanonicalRecord record, string code, string message) =>
        new(System, new RecordError(record.Identity, code, message));
}
