using System.Text.Json;

namespace IntegrationHub.Host.Receivables;

/// <summary>JSON of receivables outside HTTP responses (events): web defaults (camelCase), dates yyyy-MM-dd, amounts as JSON decimals.</summary>
internal static class ReceivableJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
