namespace IntegrationHub.Connectors.Http.Auth;

/// <summary>
/// A bearer token and how long the issuer said it lives. <see cref="ToString"/> never shows the value, also in derived
/// records that carry what a vendor issues with its token (it is sealed, so they cannot print their members).
/// </summary>
public record AccessToken(string Value, TimeSpan Lifetime)
{
    public sealed override string ToString() => $"AccessToken(***, {Lifetime.TotalSeconds:0} s)";
}
