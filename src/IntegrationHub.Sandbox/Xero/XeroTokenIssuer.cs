using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace IntegrationHub.Sandbox.Xero;

/// <summary>Issues and checks access tokens as Xero's identity server does for client credentials: a new token per request, valid 30 minutes.</summary>
public sealed class XeroTokenIssuer(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiry = new(StringComparer.Ordinal);
    private int _issued;

    /// <summary>Tokens issued so far.</summary>
    public int Issued => Volatile.Read(ref _issued);

    public string Issue()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        _expiry[token] = time.GetUtcNow() + Lifetime;
        Interlocked.Increment(ref _issued);
        return token;
    }

    public bool IsValid(string? token) => token is not null && _expiry.TryGetValue(token, out var expiry) && time.GetUtcNow() < expiry;

    /// <summary>Every token issued so far stops working (the next call answers 401).</summary>
    public void ExpireAll() => _expiry.Clear();
}
