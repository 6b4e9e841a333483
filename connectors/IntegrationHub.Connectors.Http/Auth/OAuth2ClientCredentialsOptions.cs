namespace IntegrationHub.Connectors.Http.Auth;

/// <summary>
/// OAuth 2.0 client credentials grant (RFC 6749 4.4), bound from <c>Connectors:&lt;name&gt;:OAuth2</c>. Secrets come from
/// environment variables or a secret store and are never logged.
/// </summary>
public sealed class OAuth2ClientCredentialsOptions
{
    /// <summary>The token endpoint, absolute http(s), e.g. <c>https://identity.xero.com/connect/token</c>. No default.</summary>
    public string TokenUrl { get; set; } = "";

    public string ClientId { get; set; } = "";

    /// <summary>Secret. Sent with HTTP Basic client authentication (RFC 6749 2.3.1).</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>Space-separated scopes; empty sends none. The default is empty.</summary>
    public string Scope { get; set; } = "";

    /// <summary>Renew the token this long before it expires. The default is 60 seconds.</summary>
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromSeconds(60);
}
