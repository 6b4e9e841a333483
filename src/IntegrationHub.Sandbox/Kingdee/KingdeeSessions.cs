using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace IntegrationHub.Sandbox.Kingdee;

/// <summary>K3Cloud sessions: opened by <c>ValidateUser</c>, dropped after <see cref="IdleTimeout"/> without a call (or on demand).</summary>
public sealed class KingdeeSessions(TimeProvider time)
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(20);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastUse = new(StringComparer.Ordinal);
    private int _opened;

    /// <summary>Logins so far.</summary>
    public int Opened => Volatile.Read(ref _opened);

    public string Open()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _lastUse[id] = time.GetUtcNow();
        Interlocked.Increment(ref _opened);
        return id;
    }

    /// <summary>Whether the session is alive; a live session's idle clock restarts.</summary>
    public bool Touch(string? id)
    {
        var now = time.GetUtcNow();
        if (id is null || !_lastUse.TryGetValue(id, out var last) || now - last > IdleTimeout)
        {
            return false;
        }

        _lastUse[id] = now;
        return true;
    }

    /// <summary>Every session is lost (as after a K3Cloud application pool recycle): the next call answers MsgCode 1.</summary>
    public void ExpireAll() => _lastUse.Clear();
}
