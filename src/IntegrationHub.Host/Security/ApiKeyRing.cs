using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Host.Configuration;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Security;

/// <summary>
/// The configured API keys (<see cref="HubOptions.Clients"/>) as SHA-256 digests. A presented key is compared against every
/// digest in constant time, so neither its content nor its length leaks through timing. Used by the API's key scheme and
/// by the console's sign-in, which trade the same keys for the same client and scopes.
/// </summary>
internal sealed class ApiKeyRing(IOptions<HubOptions> hubOptions)
{
    private readonly (string Client, byte[] Digest, string[] Scopes, byte[] Fingerprint)[] _keys =
        hubOptions.Value.Clients.Select(c => (c.Key, SHA256.HashData(Encoding.UTF8.GetBytes(c.Value.Key)), Security.Scopes.Parse(c.Value.Scopes),
            Encoding.ASCII.GetBytes(Fingerprint(c.Value.Key)))).ToArray();

    /// <summary>The client <paramref name="presented"/> belongs to, with its scopes; null for an unknown key.</summary>
    public (string Client, string[] Scopes)? Find(string presented)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        (string Client, string[] Scopes)? match = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, key.Digest))
            {
                match = (key.Client, key.Scopes);
            }
        }

        return match;
    }

    /// <summary>
    /// A fingerprint of <paramref name="presented"/> (SHA-256 of its digest, 16 bytes, base64url) for a session to remember
    /// which key opened it without holding the key; <see cref="Current"/> checks it against the configured keys.
    /// </summary>
    public static string Fingerprint(string presented) =>
        Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(SHA256.HashData(SHA256.HashData(Encoding.UTF8.GetBytes(presented)))[..16]);

    /// <summary>The scopes <paramref name="client"/> has now if its key still has <paramref name="fingerprint"/>; null when the key was removed or changed.</summary>
    public string[]? Current(string client, string fingerprint)
    {
        foreach (var key in _keys)
        {
            if (key.Client == client && CryptographicOperations.FixedTimeEquals(key.Fingerprint, Encoding.ASCII.GetBytes(fingerprint)))
            {
                return key.Scopes;
            }
        }

        return null;
    }

    /// <summary>The claims of <paramref name="client"/>: its name and one <see cref="Scopes.ClaimType"/> claim per scope.</summary>
    public static ClaimsIdentity Identity(string client, IEnumerable<string> scopes, string scheme) =>
        new([new Claim(ClaimTypes.Name, client), .. scopes.Select(s => new Claim(Security.Scopes.ClaimType, s))], scheme);
}
