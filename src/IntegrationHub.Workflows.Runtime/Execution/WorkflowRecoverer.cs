using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Workflows.Runtime.Execution;

/// <summary>
/// Takes over an instance whose owner died while it executed (Running with an expired lease) and runs it again from
/// its last persisted state: a resume in progress again with the same stimulus, a new instance from the start.
/// </summary>
internal sealed partial class WorkflowRecoverer(
    WorkflowEngine engine,
    WorkflowCatalog catalog,
    IWorkflowInstanceStore instances,
    InstanceLeases leases,
    InstanceExecutor executor,
    WorkflowResumer resumer,
    ILogger<WorkflowRecoverer> logger)
{
    public async Task<ResumeOutcome> RecoverAsync(Guid instanceId, CancellationToken stoppingToken)
    {
        await using var lease = await leases.TryAcquireAsync(instanceId, stoppingToken).ConfigureAwait(false);
        if (lease is null)
        {
            return new ResumeOutcome(ResumeStatus.Busy, null);
        }

        var saved = await instances.GetAsync(instanceId, stoppingToken).ConfigureAwait(false);
        if (saved is null || saved.Status != nameof(WorkflowStatus.Running))
        {
            return new ResumeOutcome(ResumeStatus.NotWaiting, null);
        }

        LogRecovering(logger, instanceId, saved.DefinitionId, saved.Version);
        if (saved.PositionJson is not null && saved.StimulusJson is not null)
        {
            lease.HandOver();
            return await resumer.ContinueAsync(saved, JsonSerializer.Deserialize<BookmarkStimulus>(saved.StimulusJson, InstanceExecutor.Json)!, stoppingToken).ConfigureAwait(false);
        }

        if (catalog.Find(saved.DefinitionId, saved.Version) is not { } entry)
        {
            WorkflowResumer.LogVersionGone(logger, instanceId, saved.DefinitionId, saved.Version);
            return new ResumeOutcome(ResumeStatus.VersionGone, null);
        }

        var input = saved.InputJson is null ? null : JsonNode.Parse(saved.InputJson);
        lease.HandOver();
        var run = await executor.ExecuteOwnedAsync(saved, [], stoppingToken, persistCancellation: false, token => engine.RunAsync(entry.Workflow, input, token)).ConfigureAwait(false);
        return new ResumeOutcome(ResumeStatus.Resumed, await resumer.AfterCommitAsync(instanceId, run, stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovering workflow instance {InstanceId} ({DefinitionId} v{Version}): its owner's lease expired while it executed; running again from its last persisted state")]
    private static partial void LogRecovering(ILogger logger, Guid instanceId, string definitionId, int version);
}
