using System.Collections.Concurrent;

namespace IntegrationHub.Connectors.Hosting.Activities;

/// <summary>
/// One reader at a time per change cursor in this process: a flow with a schedule and a webhook (the "doorbell" that asks
/// for an early read) may start two runs of the same <c>Connector.ReadChanges</c> at once; the second waits for the first
/// and then reads from the cursor the first saved, so no page is handled twice in parallel (two parallel creates of one
/// new record in a target that has no upsert by key would duplicate it). Across several hub processes the claim belongs in
/// the shared store (the scale-out issue); within one process this is enough.
/// </summary>
public sealed class CursorLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    /// <summary>Waits for the cursor; dispose the result to release it.</summary>
    public async Task<IDisposable> AcquireAsync(string cursorKey, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(cursorKey, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
