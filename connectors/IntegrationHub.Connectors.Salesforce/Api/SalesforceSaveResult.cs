using System.Text.Json.Serialization;

namespace IntegrationHub.Connectors.Salesforce.Api;

/// <summary>One element of a Composite sObject Collections answer, in request order.</summary>
public sealed record SalesforceSaveResult
{
    [JsonPropertyName("id")] public string? Id { get; init; }

    [JsonPropertyName("success")] public bool Success { get; init; }

    [JsonPropertyName("created")] public bool Created { get; init; }

    [JsonPropertyName("errors")] public IReadOnlyList<SalesforceError> Errors { get; init; } = [];
}

/// <summary>A Salesforce error: <c>statusCode</c> in collection answers, <c>errorCode</c> in top-level error arrays.</summary>
public sealed record SalesforceError
{
    [JsonPropertyName("statusCode")] public string? StatusCode { get; init; }

    [JsonPropertyName("errorCode")] public string? ErrorCode { get; init; }

    [JsonPropertyName("message")] public string? Message { get; init; }

    [JsonPropertyName("fields")] public IReadOnlyList<string> Fields { get; init; } = [];

    public string Code => StatusCode ?? ErrorCode ?? "UNKNOWN";
}
