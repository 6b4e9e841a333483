using System.Text.Json;

namespace IntegrationHub.Connectors.Xero.Records;

/// <summary>Reading Xero's JSON answers: a property's value when it has the expected kind, else null.</summary>
internal static class XeroJson
{
    public static string? Text(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static decimal? Money(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;
}
