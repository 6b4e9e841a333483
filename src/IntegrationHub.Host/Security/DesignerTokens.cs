using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace IntegrationHub.Host.Security;

/// <summary>
/// Short-lived tokens a signed-in console session gets for the designer page (Elsa Studio), which sends them as
/// <c>Authorization: ApiKey &lt;token&gt;</c> to the Elsa API. A token names the client and the fingerprint of the key
/// that opened the session (never the key), expires, and is signed with a secret this process drew at start (a restart
/// ends every token; the page is simply opened again). It grants at most <see cref="Grantable"/>, and only while the key
/// is still configured: a removed or changed key ends its tokens, and narrowed scopes apply at once.
/// </summary>
internal sealed class DesignerTokens(ApiKeyRing keys, TimeProvider time)
{
    public const string Prefix = "hubdsg.";

    /// <summary>The only path a token is accepted on.</summary>
    public const string ApiPath = "/elsa/api";

    /// <summary>What the designer may do: read definitions and descriptors, save workflow files.</summary>
    public static readonly string[] Grantable = [Scopes.WorkflowsRead, Scopes.WorkflowsWrite];

    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);

    public string Issue(string client, string fingerprint, TimeSpan lifetime)
    {
        var expires = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var payload = Encoding.UTF8.GetBytes($"{client}\n{fingerprint}\n{expires}");
        return Prefix + WebEncoders.Base64UrlEncode(payload) + "." + WebEncoders.Base64UrlEncode(HMACSHA256.HashData(_secret, payload));
    }

    /// <summary>The client and the scopes the token grants now; null when it is malformed, forged, expired, or its key is gone.</summary>
    public (string Client, string[] Scopes)? Validate(string token)
    {
        var parts = token[Prefix.Length..].Split('.');
        if (parts.Length != 2)
        {
            return null;
        }

        byte[] payload, signature;
        try
        {
            payload = WebEncoders.Base64UrlDecode(parts[0]);
            signature = WebEncoders.Base64UrlDecode(parts[1]);
        }
        catch (FormatException)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_secret, payload)))
        {
            return null;
        }

        var fields = Encoding.UTF8.GetString(payload).Split('\n');
        if (fields.Length != 3 || !long.TryParse(fields[2], out var expires) || time.GetUtcNow().ToUnixTimeSeconds() >= expires
            || keys.Current(fields[0], fields[1]) is not { } scopes)
        {
            return null;
        }

        var admin = scopes.Contains(Scopes.Admin, StringComparer.Ordinal);
        return (fields[0], [.. Grantable.Where(s => admin || scopes.Contains(s, StringComparer.Ordinal))]);
    }
}
