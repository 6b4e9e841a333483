using IntegrationHub.Connectors.Http.Auth;

namespace IntegrationHub.Connectors.Salesforce;

/// <summary>A Salesforce session token with the <c>instance_url</c> its data calls go to; printed without its value.</summary>
internal sealed record SalesforceAccessToken(string Value, TimeSpan Lifetime, Uri InstanceUrl) : AccessToken(Value, Lifetime);
