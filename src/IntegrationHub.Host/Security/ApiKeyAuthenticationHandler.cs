using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using IntegrationHub.Host.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Security;

/// <summary>
/// Authenticates <c>X-Api-Key</c> (or <c>Authorization: Bearer</c>, or Elsa Studio's <c>Authorization: ApiKey</c>; on the
/// Elsa API also a designer page's <see cref="DesignerTokens">token</see>) against <see cref="HubOptions.Clients"/> (through <see cref="ApiKeyRing"/>); the principal's name is the client id and it
/// carries one <see cref="Scopes.ClaimType"/> claim per configured scope. A refused scope is answered 403 naming the scope needed.
/// Browsers, which cannot send a header, may use HTTP Basic with the client id as user name and the key as password; only
/// the API reference and the OpenAPI document (<see cref="BrowserPaths"/>) challenge for it, so that a browser asks.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyRing keys,
    DesignerTokens designerTokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string BasicRealm = "IntegrationHub API";

    /// <summary>Pages a person opens in a browser: a 401 there also challenges for HTTP Basic.</summary>
    public static readonly string[] BrowserPaths = ["/reference", "/openapi"];

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // The key in X-Api-Key, as a bearer token (what scrapers such as Prometheus can send), or as a Basic password.
        string? user = null;
        var authorization = Request.Headers.Authorization.ToString();
        var presented = Request.Headers.TryGetValue(HeaderName, out var values) && !string.IsNullOrEmpty(values.ToString()) ? values.ToString()
            : authorization.Length > 7 && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim()
            : authorization.Length > 7 && authorization.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() // Elsa Studio's form
            : null;
        if (presented is not null && presented.StartsWith(DesignerTokens.Prefix, StringComparison.Ordinal))
        {
            // A designer page's token: good for the Elsa API only, with at most the designer's scopes.
            return Task.FromResult(Request.Path.StartsWithSegments(DesignerTokens.ApiPath) && designerTokens.Validate(presented) is { } holder
                ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(ApiKeyRing.Identity(holder.Client, holder.Scopes, SchemeName)), SchemeName))
                : AuthenticateResult.Fail("Unknown or expired designer token."));
        }

        if (presented is null && authorization.Length > 6 && authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
            && !TryBasic(authorization[6..].Trim(), out user, out presented))
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed Basic credentials."));
        }

        if (string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.Find(presented) is not { } client || (user is not null && !string.Equals(user, client.Client, StringComparison.Ordinal)))
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var identity = ApiKeyRing.Identity(client.Client, client.Scopes, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        var browser = BrowserPaths.Any(p => Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
        Response.Headers.WWWAuthenticate = browser
            ? new Microsoft.Extensions.Primitives.StringValues([$"{SchemeName} header=\"{HeaderName}\"", $"Basic realm=\"{BasicRealm}\", charset=\"UTF-8\""])
            : $"{SchemeName} header=\"{HeaderName}\"";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "API key required",
            detail: browser
                ? $"Send a valid key in the {HeaderName} header, or sign in with HTTP Basic (user name: the client id, password: its key)."
                : $"Send a valid key in the {HeaderName} header (or as Authorization: Bearer).").ExecuteAsync(Context).ConfigureAwait(false);
    }

    /// <summary>The user name (the client id) and password (the key) of Basic credentials; false when they are malformed.</summary>
    private static bool TryBasic(string encoded, out string? user, out string? key)
    {
        (user, key) = (null, null);
        var bytes = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        (user, key) = (text[..colon], text[(colon + 1)..]);
        return true;
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var scope = Context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>()?.Scope;
        await Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Scope required",
            detail: scope is null ? "This API key may not do this." : $"This API key lacks the scope '{scope}' this endpoint needs.").ExecuteAsync(Context).ConfigureAwait(false);
    }
}
