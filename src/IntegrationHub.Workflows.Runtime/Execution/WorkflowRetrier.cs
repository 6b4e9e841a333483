namespace IntegrationHub.Workflows.Runtime.Execution;

/// <summary>Retries a faulted instance on the version it ran, with its saved input and variables, from the failed step.</summary>
internal sealed class WorkflowRetrier(
    WorkflowEngine engine,
    WorkflowCatalog catalog,
    IWorkflowInstanceStore instances,
    InstanceLeases leases,
    InstanceExecutor executor,
    WorkflowResumer resumer) : IWorkflowRetrier
{
    public async Task<RetryOutcome> RetryAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        if (await instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false) is null)
        {
            return new RetryOutcome(RetryStatus.NotFound, null);
        }

        await using var lease = await leases.TryAcquireAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return new RetryOutcome(RetryStatus.Busy, null);
        }

        var saved = (await instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false))!;
        if (saved.SubStatus != nameof(WorkflowSubStatus.Faulted) || saved.IncidentJson is null)
        {
            return new RetryOutcome(RetryStatus.NotFaulted, null);
        }

        if (catalog.Find(saved.DefinitionId, saved.Version) is not { } entry)
        {
            return new RetryOutcome(RetryStatus.VersionGone, null);
        }

        var incident = JsonSerializer.Deserialize<WorkflowIncident>(saved.IncidentJson, InstanceExecutor.Json)!;
        var input = saved.InputJson is null ? null : JsonNode.Parse(saved.InputJson);
        lease.HandOver();
        var run = await executor.ExecuteOwnedAsync(saved, InstanceExecutor.Journal(saved), cancellationToken, persistCancellation: true,
            token => engine.RetryAsync(entry.Workflow, input, InstanceExecutor.Variables(saved), incident, token)).ConfigureAwait(false);
        return new RetryOutcome(RetryStatus.Retried, await resumer.AfterCommitAsync(instanceId, run, cancellationToken).ConfigureAwait(false));
    }
}
