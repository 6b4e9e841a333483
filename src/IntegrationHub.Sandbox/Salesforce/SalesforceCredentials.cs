using System.Security.Cryptography;

namespace IntegrationHub.Sandbox.Salesforce;

/// <summary>The connected app's consumer key and secret for the sandbox org; the secret is fresh per start, so none lives in the repo.</summary>
public sealed record SalesforceCredentials(string ClientId, string ClientSecret)
{
    public static SalesforceCredentials Generate() => new(
        "3MVG9sandbox" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
        Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
}
