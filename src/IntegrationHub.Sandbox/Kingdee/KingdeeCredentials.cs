using System.Security.Cryptography;

namespace IntegrationHub.Sandbox.Kingdee;

/// <summary>What a client needs to log in to the K3Cloud sandbox. Generated per start, so no secret lives in the repo.</summary>
public sealed record KingdeeCredentials(string AcctId, string UserName, string Password)
{
    public static KingdeeCredentials Generate() => new("sandbox-dc-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)), "hub", Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));

    public override string ToString() => $"KingdeeCredentials({AcctId}, {UserName}, ***)";
}
