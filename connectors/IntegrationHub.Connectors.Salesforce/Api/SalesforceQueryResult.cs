using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Connectors.Salesforce.Api;

/// <summary>One batch of <c>GET /query</c>: <c>{totalSize, done, nextRecordsUrl, records}</c>; records stay raw JSON for the mapping.</summary>
public sealed record SalesforceQueryResult
{
    [JsonPropertyName("totalSize")] public int TotalSize { get; init; }

    [JsonPropertyName("done")] public bool Done { get; init; }

    [JsonPropertyName("nextRecordsUrl")] public string? NextRecordsUrl { get; init; }

    [JsonPropertyName("records")] public IReadOnlyList<JsonElement> Records { get; init; } = [];
}
