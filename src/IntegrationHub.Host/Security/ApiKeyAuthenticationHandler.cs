using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using IntegrationHub.Host.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Security;

/// <summary>
/// Authenticates <c>X-Api-Key</c> against <see cref="HubOptions.Clients"/>; the principal's name is the client id and it
/// carries one <see cref="Scopes.ClaimType"/> claim per configured scope. Keys are compared as SHA-256 digests in constant
/// time, so neither content nor length leaks through timing. A refused scope is answered 403 naming the scope needed.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<HubOptions> hubOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    private readonly (string Client, byte[] Digest, string[] Scopes)[] _keys =
        hubOptions.Value.Clients.Select(c => (c.Key, SHA256.HashData(Encoding.UTF8.GetBytes(c.Value.Key)), Security.Scopes.Parse(c.Value.Scopes))).ToArray();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // The key in X-Api-Key, or as a bearer token (what scrapers such as Prometheus can send).
        var presented = Request.Headers.TryGetValue(HeaderName, out var values) && !string.IsNullOrEmpty(values.ToString()) ? values.ToString()
            : Request.Headers.Authorization.ToString() is { Length: > 7 } authorization && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? authorization[7..].Trim()
                : null;
        if (string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        (string Client, byte[] Digest, string[] Scopes)? match = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, key.Digest))
            {
                match = key;
            }
        }

        if (match is not { } client)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, client.Client), .. client.Scopes.Select(s => new Claim(Security.Scopes.ClaimType, s))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "API key required",
            detail: $"Send a valid key in the {HeaderName} header (or as Authorization: Bearer).").ExecuteAsync(Context).ConfigureAwait(false);
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
