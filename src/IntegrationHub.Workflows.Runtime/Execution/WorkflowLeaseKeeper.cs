namespace IntegrationHub.Workflows.Runtime.Execution;

/// <summary>
/// Renews an instance's lease at a third of the lease duration while it executes. When a renewal finds the lease
/// lost (another node took over after it expired), it cancels the run: the other node owns the instance now.
/// </summary>
internal sealed partial class WorkflowLeaseKeeper : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;

    public WorkflowLeaseKeeper(IWorkflowLeaseStore leases, Guid instanceId, string owner, TimeSpan lease, TimeProvider time, CancellationTokenSource onLost, ILogger logger)
    {
        _timer = new PeriodicTimer(lease / 3, time);
        _loop = RenewAsync(leases, instanceId, owner, lease, time, onLost, logger);
    }

    public bool Lost { get; private set; }

    /// <summary>
    /// Stops renewing. Disposing the timer ends the wait for the next tick without an exception (most runs end before
    /// the first renewal, and an exception per instance was measurable); only a renewal in progress is cancelled.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _timer.Dispose();
        if (!_loop.IsCompleted)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RenewAsync(IWorkflowLeaseStore leases, Guid instanceId, string owner, TimeSpan lease, TimeProvider time, CancellationTokenSource onLost, ILogger logger)
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(CancellationToken.None).ConfigureAwait(false))
            {
                try
                {
                    if (!await leases.RenewLeaseAsync(instanceId, owner, time.GetUtcNow() + lease, _stop.Token).ConfigureAwait(false))
                    {
                        Lost = true;
                        LogLost(logger, instanceId, owner);
                        await onLost.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRenewFailed(logger, instanceId, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lease on workflow instance {InstanceId} ({Owner}); another node owns it now, stopping here")]
    private static partial void LogLost(ILogger logger, Guid instanceId, string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease on workflow instance {InstanceId} failed: {Reason}; retrying")]
    private static partial void LogRenewFailed(ILogger logger, Guid instanceId, string reason);
}
