using IntegrationHub.Connectors.Http.Auth;

namespace IntegrationHub.Connectors.Fxiaoke;

/// <summary>A Fxiaoke access token with the enterprise account (<c>ea</c>) it was issued for; printed without its value.</summary>
internal sealed record FxiaokeAccessToken(string Value, TimeSpan Lifetime, string Ea) : AccessToken(Value, Lifetime);
