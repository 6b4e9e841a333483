namespace IntegrationHub.Sandbox.Fxiaoke;

/// <summary>What a client needs to log in to the Fxiaoke sandbox. Generated per start, so no secret lives in the repo.</summary>
public sealed record FxiaokeCredentials(string AppId, string AppSecret, string PermanentCode, string Ea, string OperatorUserId)
{
    public static FxiaokeCredentials Generate() => new(
        "sandbox-app",
        Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
        Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)),
        "sandbox-ea",
        "FSUID_SANDBOX_1000");
}
