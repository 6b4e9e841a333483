namespace IntegrationHub.Storage;

/// <summary>
/// Remembers signed calls already received (webhook signatures) until they expire, in the store shared by every hub
/// node, so a captured call cannot be replayed against this node or another.
/// </summary>
public interface IReplayGuard
{
    /// <summary>
    /// Records <paramref name="key"/> until <paramref name="expiresAt"/>; false when it is already recorded and not expired
    /// (a replay). Expired keys are forgotten on the way.
    /// </summary>
    Task<bool> TryRecordAsync(string key, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Forgets <paramref name="key"/>, so the same call may be sent again (used when the call was not processed).</summary>
    Task ForgetAsync(string key, CancellationToken cancellationToken = default);
}
