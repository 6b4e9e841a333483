namespace IntegrationHub.Storage;

/// <summary>
/// Named locks that at most one holder has at a time across every hub node on the store: the relays take one per pass,
/// so two nodes never publish the same outbox row, and record events still leave in order. A holder that dies (its
/// process, its database session) loses the lock with it; nothing has to expire.
/// </summary>
public interface IStoreLocks
{
    /// <summary>The lock <paramref name="name"/>, held until the returned handle is disposed; null when someone else holds it now.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken = default);
}
