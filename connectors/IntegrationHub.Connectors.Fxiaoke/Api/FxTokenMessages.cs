using System.Text.Json.Serialization;

namespace IntegrationHub.Connectors.Fxiaoke.Api;

public sealed record FxTokenRequest(
    [property: JsonPropertyName("appId")] string AppId,
    [property: JsonPropertyName("appSecret")] string AppSecret,
    [property: JsonPropertyName("permanentCode")] string PermanentCode,
    [property: JsonPropertyName("grantType")] string GrantType = "app_secret");

public sealed record FxTokenResponse : FxResponse
{
    [JsonPropertyName("accessToken")] public string? AccessToken { get; init; }
    [JsonPropertyName("expiresIn")] public int ExpiresIn { get; init; }
    [JsonPropertyName("ea")] public string? Ea { get; init; }
    [JsonPropertyName("openUserId")] public string? OpenUserId { get; init; }
}

/// <summary>Every Fxiaoke answer: <see cref="ErrorCode"/> 0 is success.</summary>
public record FxResponse
{
    /// <summary>Token expired or invalid: get a new token and retry once.</summary>
    public const int TokenExpired = 20016;

    [JsonPropertyName("errorCode")] public int ErrorCode { get; init; }
    [JsonPropertyName("errorMessage")] public string? ErrorMessage { get; init; }
    [JsonPropertyName("errorDescription")] public string? ErrorDescription { get; init; }
    [JsonPropertyName("traceId")] public string? TraceId { get; init; }
}
