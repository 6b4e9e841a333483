namespace IntegrationHub.Workflows.Runtime.Execution;

/// <summary>Cancels instances: one executing in this process through its token, a suspended (or orphaned) one under its lease at once.</summary>
internal sealed partial class WorkflowCanceller(
    IWorkflowInstanceStore instances,
    InstanceLeases leases,
    RunningInstances running,
    InstanceExecutor executor,
    ILogger<WorkflowCanceller> logger) : IWorkflowCanceller
{
    public async Task<CancelStatus> CancelAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var saved = await instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (saved is null)
        {
            // An in-memory instance (persistence onSuspendOrFault) has no row while it executes.
            return running.TryCancel(instanceId) ? CancelStatus.CancelRequested : CancelStatus.NotFound;
        }

        if (saved.Status == nameof(WorkflowStatus.Finished))
        {
            return CancelStatus.Finished;
        }

        if (running.TryCancel(instanceId))
        {
            return CancelStatus.CancelRequested;
        }

        await using var lease = await leases.TryAcquireAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return CancelStatus.Busy;
        }

        saved = (await instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false))!;
        if (saved.Status == nameof(WorkflowStatus.Finished))
        {
            return CancelStatus.Finished;
        }

        lease.HandOver(); // released by the save
        await executor.SaveCancelledAsync(saved).ConfigureAwait(false);
        LogCancelled(logger, instanceId, saved.SubStatus);
        return CancelStatus.Cancelled;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow instance {InstanceId} cancelled (was {SubStatus})")]
    private static partial void LogCancelled(ILogger logger, Guid instanceId, string subStatus);
}
