namespace IntegrationHub.Connectors.Http.Auth;

/// <summary>
/// HTTP Basic credentials (RFC 7617), bound from <c>Connectors:&lt;name&gt;:Basic</c>. Mailchimp takes any user name and the API
/// key as the password.
/// </summary>
public sealed class BasicAuthOptions
{
    public string UserName { get; set; } = "";

    /// <summary>Secret; never logged.</summary>
    public string Password { get; set; } = "";
}
