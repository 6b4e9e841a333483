using System.Text.Json.Serialization;
using IntegrationHub.Connectors.Http.VendorApis;
using Refit;

namespace IntegrationHub.Connectors.Http.Auth;

/// <summary>An OAuth 2.0 token endpoint (RFC 6749 4.4, client credentials): the client authenticates with HTTP Basic.</summary>
public interface IOAuth2TokenApi
{
    /// <summary>Asks for a token; asking twice does no harm, so the pipeline may repeat it.</summary>
    [Post(""), Idempotent]
    Task<OAuth2TokenResponse?> RequestTokenAsync(
        [Url] string tokenUrl, [Body(BodySerializationMethod.UrlEncoded)] IDictionary<string, string> form,
        [Authorize("Basic")] string clientCredentials, CancellationToken cancellationToken);
}

/// <summary>A token endpoint's answer (RFC 6749 5.1).</summary>
public sealed record OAuth2TokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: JsonPropertyName("token_type")] string? TokenType);
