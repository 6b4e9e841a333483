using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace IntegrationHub.Sandbox.Salesforce;

/// <summary>Issues and checks sandbox session ids (valid for the org's session timeout, 2 hours by default).</summary>
public sealed class SalesforceSessionIssuer(TimeProvider time, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiry = new(StringComparer.Ordinal);
    private int _issued;

    public int Issued => Volatile.Read(ref _issued);

    public string Issue()
    {
        var token = "00DSANDBOX!" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '.').Replace('/', '_');
        _expiry[token] = time.GetUtcNow() + lifetime;
        Interlocked.Increment(ref _issued);
        return token;
    }

    public bool IsValid(string? token) => token is not null && _expiry.TryGetValue(token, out var until) && time.GetUtcNow() < until;

    /// <summary>Ends every session issued so far (the next data call answers 401 INVALID_SESSION_ID), as an admin's "revoke" does.</summary>
    public void ExpireAll() => _expiry.Clear();
}
