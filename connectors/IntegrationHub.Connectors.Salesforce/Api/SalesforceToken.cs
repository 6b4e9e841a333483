using System.Text.Json.Serialization;

namespace IntegrationHub.Connectors.Salesforce.Api;

/// <summary>The answer of <c>/services/oauth2/token</c>: the session and the instance where data calls go.</summary>
public sealed record SalesforceToken(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("instance_url")] string? InstanceUrl,
    [property: JsonPropertyName("token_type")] string? TokenType);
