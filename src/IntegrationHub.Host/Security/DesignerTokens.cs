using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace IntegrationHub.Host.Security;

/// <summary>
/// Short-lived tokens a signed-in console session gets for the designer page (Elsa Studio), which sends them as
/// <c>Authorization: ApiKey &lt;token&gt;</c> to the Elsa API. A token names the client and the fingerprint of the key
/// that opened the session (never the key), expires, and is protected (authenticated and encrypted) with ASP.NET Core
/// Data Protection on the hub's key ring: the ring every node on one PostgreSQL store shares, or the keys folder beside
/// the SQLite file. So a token from one node is good on every other behind a load balancer, and survives a restart.
/// It grants at most <see cref="Grantable"/>, and only while the key is still configured: a removed or changed key ends
/// its tokens, and narrowed scopes apply at once.
/// </summary>
internal sealed class DesignerTokens(ApiKeyRing keys, TimeProvider time, IDataProtectionProvider protection)
{
    public const string Prefix = "hubdsg.";

    /// <summary>The only path a token is accepted on.</summary>
    public const string ApiPath = "/elsa/api";

    /// <summary>What the designer may do: read definitions and descriptors, save workflow files, run a workflow (Studio's run button).</summary>
    public static readonly string[] Grantable = [Scopes.WorkflowsRead, Scopes.WorkflowsWrite, Scopes.WorkflowsRun];

    private readonly IDataProtector _protector = protection.CreateProtector("IntegrationHub.DesignerTokens.v1");

    public string Issue(string client, string fingerprint, TimeSpan lifetime)
    {
        var expires = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        return Prefix + _protector.Protect($"{client}\n{fingerprint}\n{expires}");
    }

    /// <summary>The client and the scopes the token grants now; null when it is malformed, forged, expired, or its key is gone.</summary>
    public (string Client, string[] Scopes)? Validate(string token)
    {
        string payload;
        try
        {
            payload = _protector.Unprotect(token[Prefix.Length..]);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null; // not base64url, altered, truncated, or protected with keys this ring does not have
        }

        var fields = payload.Split('\n');
        if (fields.Length != 3 || !long.TryParse(fields[2], out var expires) || time.GetUtcNow().ToUnixTimeSeconds() >= expires
            || keys.Current(fields[0], fields[1]) is not { } scopes)
        {
            return null;
        }

        var admin = scopes.Contains(Scopes.Admin, StringComparer.Ordinal);
        return (fields[0], [.. Grantable.Where(s => admin || scopes.Contains(s, StringComparer.Ordinal))]);
    }
}
