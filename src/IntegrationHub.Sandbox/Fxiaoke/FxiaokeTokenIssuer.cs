using System.Collections.Concurrent;
using System.Security.Cryptography;
using IntegrationHub.Sandbox.Faults;

namespace IntegrationHub.Sandbox.Fxiaoke;

/// <summary>Issues and checks sandbox access tokens the way Fxiaoke does: valid 7200 s, the same token handed out for the first 6600 s.</summary>
public sealed class FxiaokeTokenIssuer(TimeProvider time) : ISandboxTokenExpiry
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(7200);
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(6600);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiry = new(StringComparer.Ordinal);
    private (string Token, DateTimeOffset IssuedAt)? _current;
    private readonly Lock _lock = new();

    public int Issued { get; private set; }

    public string Issue()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_current is { } c && now - c.IssuedAt < Reuse && _expiry.ContainsKey(c.Token))
            {
                return c.Token;
            }

            var token = "SANDBOX" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _expiry[token] = now + Lifetime;
            _current = (token, now);
            Issued++;
            return token;
        }
    }

    public bool IsValid(string? token) =>
        token is not null && _expiry.TryGetValue(token, out var expiry) && time.GetUtcNow() < expiry;

    /// <summary>Fault injection: every token issued so far stops working (the next call answers errorCode 20016).</summary>
    public void ExpireAll()
    {
        lock (_lock)
        {
            _expiry.Clear();
            _current = null;
        }
    }
}
