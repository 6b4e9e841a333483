using IntegrationHub.Workflows.Model;

namespace IntegrationHub.Workflows.Runtime.Execution;

/// <summary>
/// Starts instances. <c>persistence: always</c> (the default): the instance row and its lease are written first, so a
/// crash mid-run leaves it for recovery. <c>onSuspendOrFault</c>: runs in memory and is written only if it suspends,
/// faults or is cancelled (the trigger's own checkpoint, e.g. a Kafka offset, covers a crash).
/// </summary>
internal sealed class WorkflowStarter(
    WorkflowEngine engine,
    IWorkflowInstanceStore instances,
    InstanceLeases leases,
    InstanceExecutor executor,
    WorkflowResumer resumer,
    RunningInstances running,
    TimeProvider time) : IWorkflowStarter
{
    public async Task<(Guid InstanceId, WorkflowRunResult Result)> RunAsync(CatalogEntry entry, JsonNode? input, string? correlationId, CancellationToken cancellationToken)
    {
        var created = time.GetUtcNow();
        var instanceId = Guid.CreateVersion7(created);
        WorkflowInstanceRecord Record() => new(instanceId, entry.DefinitionId, entry.Version, nameof(WorkflowStatus.Running), nameof(WorkflowSubStatus.Executing),
            correlationId, created, null, "{}", "[]", null, input?.ToJsonString());
        if (entry.Workflow.Definition.Persistence == InstancePersistence.OnSuspendOrFault)
        {
            // The record (with the input serialised) is built only if the instance has to be stored.
            return (instanceId, await RunInMemoryFirstAsync(instanceId, Record, entry, input, cancellationToken).ConfigureAwait(false));
        }

        var record = Record();
        await instances.CreateOwnedAsync(record, leases.Owner, created + leases.Duration, CancellationToken.None).ConfigureAwait(false);
        var run = await executor.ExecuteOwnedAsync(record, [], cancellationToken, persistCancellation: true, token => engine.RunAsync(entry.Workflow, input, token)).ConfigureAwait(false);
        return (instanceId, await resumer.AfterCommitAsync(instanceId, run, cancellationToken).ConfigureAwait(false));
    }

    public async Task<(Guid InstanceId, WorkflowRunResult? Result)> RunOnceAsync(CatalogEntry entry, JsonNode? input, string startKey, CancellationToken cancellationToken)
    {
        var created = time.GetUtcNow();
        var record = new WorkflowInstanceRecord(Guid.CreateVersion7(created), entry.DefinitionId, entry.Version, nameof(WorkflowStatus.Running),
            nameof(WorkflowSubStatus.Executing), startKey, created, null, "{}", "[]", null, input?.ToJsonString());
        if (await instances.CreateOwnedOnceAsync(record, startKey, leases.Owner, created + leases.Duration, CancellationToken.None).ConfigureAwait(false) is { } started)
        {
            return (started, null);
        }

        var run = await executor.ExecuteOwnedAsync(record, [], cancellationToken, persistCancellation: true, token => engine.RunAsync(entry.Workflow, input, token)).ConfigureAwait(false);
        return (record.InstanceId, await resumer.AfterCommitAsync(record.InstanceId, run, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Runs without a row or a lease (only this process knows the instance, so there is nothing to share); an instance
    /// that finishes in one go is never written. One that suspends, faults or is cancelled is then stored (with its
    /// lease, released at once) and from there on is like any other.
    /// </summary>
    private async Task<WorkflowRunResult> RunInMemoryFirstAsync(Guid instanceId, Func<WorkflowInstanceRecord> toRecord, CatalogEntry entry, JsonNode? input, CancellationToken cancellationToken)
    {
        var cancel = running.Register(instanceId);
        WorkflowRunResult result;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cancel.Token);
            result = await engine.RunAsync(entry.Workflow, input, linked.Token).ConfigureAwait(false);
        }
        finally
        {
            running.Unregister(instanceId, cancel);
            cancel.Dispose();
        }

        if (result.SubStatus == WorkflowSubStatus.Finished)
        {
            return result;
        }

        var record = toRecord();
        await instances.CreateOwnedAsync(record, leases.Owner, leases.ExpiryFromNow(), CancellationToken.None).ConfigureAwait(false);
        var committed = await executor.CommitAsync(record, [], result).ConfigureAwait(false);
        return await resumer.AfterCommitAsync(instanceId, new ExecutedRun(result, committed), cancellationToken).ConfigureAwait(false);
    }
}
