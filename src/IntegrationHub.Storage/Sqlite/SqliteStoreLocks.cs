using System.Collections.Concurrent;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>
/// <see cref="IStoreLocks"/> for a SQLite store, which one process owns: the locks of this process (one per name and
/// store file; the file is the store, so two hubs of one test process on two files never share a lock).
/// </summary>
public sealed class SqliteStoreLocks(SqliteConnectionFactory connections) : IStoreLocks
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Held = new(StringComparer.Ordinal);

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var gate = Held.GetOrAdd(connections.FullPath + "\n" + name, _ => new SemaphoreSlim(1, 1));
        return await gate.WaitAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false) ? new Release(gate) : null;
    }

    private sealed class Release(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
