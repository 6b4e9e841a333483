using System.Collections.Concurrent;

namespace IntegrationHub.Workflows.Tests.Runtime;

/// <summary>
/// Shared by the <see cref="ProbeActivity"/> executions of one test: which items ran, how many ran at once, and a gate
/// that holds the first iterations until <see cref="ReleaseAt"/> of them are inside at the same time (proof of parallelism
/// that does not depend on timing: with fewer at once the run never completes and the test's cancellation fails it).
/// </summary>
internal sealed class IterationProbe
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inside;

    public int ReleaseAt { get; set; } = 1;

    public int MaxInside { get; private set; }

    public ConcurrentQueue<string> Seen { get; } = new();

    public ConcurrentQueue<string> Cancelled { get; } = new();

    public TaskCompletionSource AllInside { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task EnterAsync(string item, bool blockUntilCancelled, CancellationToken cancellationToken)
    {
        Seen.Enqueue(item);
        lock (_lock)
        {
            _inside++;
            MaxInside = Math.Max(MaxInside, _inside);
            if (_inside >= ReleaseAt)
            {
                _released.TrySetResult();
                AllInside.TrySetResult();
            }
        }

        try
        {
            await _released.Task.WaitAsync(cancellationToken);
            if (blockUntilCancelled)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            Cancelled.Enqueue(item);
            throw;
        }
        finally
        {
            lock (_lock)
            {
                _inside--;
            }
        }
    }
}
