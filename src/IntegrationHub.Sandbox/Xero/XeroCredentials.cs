using System.Security.Cryptography;

namespace IntegrationHub.Sandbox.Xero;

/// <summary>A custom connection's client id and secret and the organisation's tenant id. Generated per start, so no secret lives in the repo.</summary>
public sealed record XeroCredentials(string ClientId, string ClientSecret, string TenantId)
{
    public static XeroCredentials Generate() => new(
        Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(36)),
        Guid.NewGuid().ToString());

    public override string ToString() => $"XeroCredentials({ClientId}, ***, {TenantId})";
}
