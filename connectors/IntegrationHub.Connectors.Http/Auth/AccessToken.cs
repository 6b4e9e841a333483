namespace IntegrationHub.Connectors.Http.Auth;

/// <summary>A bearer token and how long the issuer said it lives. <see cref="ToString"/> never shows the value.</summary>
public sealed record AccessToken(string Value, TimeSpan Lifetime)
{
    public override string ToString() => $"AccessToken(***, {Lifetime.TotalSeconds:0} s)";
}
