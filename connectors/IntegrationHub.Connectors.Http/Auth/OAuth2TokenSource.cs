using System.Text;
using IntegrationHub.Connectors.Http.VendorApis;
using Refit;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Connectors.Http.Auth;

/// <summary>
/// Fetches client-credentials tokens for one connector through its own named client (<c>&lt;name&gt;.token</c>, same
/// pipeline and limits as the connector) and caches them in an <see cref="AccessTokenCache"/>.
/// </summary>
internal sealed partial class OAuth2TokenSource
{
    private readonly string _connector;
    private readonly OAuth2ClientCredentialsOptions _options;
    private readonly IHttpClientFactory _clients;
    private readonly ILogger _logger;

    public OAuth2TokenSource(string connector, OAuth2ClientCredentialsOptions options, IHttpClientFactory clients, TimeProvider time, ILogger logger)
    {
        _connector = connector;
        _options = options;
        _clients = clients;
        _logger = logger;
        Cache = new AccessTokenCache(FetchAsync, options.RefreshMargin, time);
    }

    public AccessTokenCache Cache { get; }

    public static string ClientName(string connector) => connector + ".token";

    private async Task<AccessToken> FetchAsync(CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (!string.IsNullOrWhiteSpace(_options.Scope))
        {
            form["scope"] = _options.Scope;
        }

        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(_options.ClientId)}:{Uri.EscapeDataString(_options.ClientSecret)}"));

        // One token client per connector (its own named client), so the interface is not registered as a typed client.
        var api = RestService.ForGenerated<IOAuth2TokenApi>(_clients.CreateClient(ClientName(_connector)), ConnectorRefit.Settings(_connector));

        // Failures arrive as typed connector errors from the client's error handler (e.g. 401 invalid_client: permanent).
        OAuth2TokenResponse? body;
        try
        {
            body = await api.RequestTokenAsync(_options.TokenUrl, form, credentials, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorPermanentException ex) when (ex.StatusCode is 400 or 401 or 403)
        {
            // invalid_client / unauthorized_client: the configured credentials, not the call.
            throw new ConnectorPermanentException(_connector, ex.Message, ex)
            {
                StatusCode = ex.StatusCode, VendorCode = ex.VendorCode, VendorTraceId = ex.VendorTraceId, Details = ex.Details, CredentialsRejected = true,
            };
        }

        if (body is not { AccessToken: { Length: > 0 } token })
        {
            throw new ConnectorPermanentException(_connector, $"{_connector}: the token endpoint answered without an access_token");
        }

        var lifetime = TimeSpan.FromSeconds(body.ExpiresIn is > 0 ? body.ExpiresIn.Value : 3600);
        LogTokenIssued(_logger, _connector, lifetime.TotalSeconds);
        return new AccessToken(token, lifetime);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Connector}: access token obtained, valid {Seconds} s")]
    private static partial void LogTokenIssued(ILogger logger, string connector, double seconds);
}
