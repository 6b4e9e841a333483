using System.Collections.Concurrent;

namespace IntegrationHub.Workflows.Runtime.Execution;

/// <summary>Instances executing in this process, each with the token source the cancel API trips.</summary>
internal sealed class RunningInstances
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    public CancellationTokenSource Register(Guid instanceId)
    {
        var cts = new CancellationTokenSource();
        _running[instanceId] = cts;
        return cts;
    }

    public void Unregister(Guid instanceId, CancellationTokenSource cts) => _running.TryRemove(KeyValuePair.Create(instanceId, cts));

    /// <summary>Requests cancellation of an instance executing here; false when it is not executing in this process.</summary>
    public bool TryCancel(Guid instanceId)
    {
        if (!_running.TryGetValue(instanceId, out var cts))
        {
            return false;
        }

        try
        {
            cts.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
