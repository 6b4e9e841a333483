using IntegrationHub.Workflows.Runtime.Triggers.Kafka;

namespace IntegrationHub.Workflows.Runtime.Execution;

/// <summary>
/// Takes over an instance whose owner died while it executed (Running with an expired lease) and runs it again from
/// its last persisted state: a resume in progress again with the same stimulus, a new instance from the start, except a
/// first run started by a Kafka record, which the consumer group redelivers (it is closed as Cancelled instead).
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
        if (StartedByKafkaRecord(entry, input))
        {
            // Its record's offset was never stored (the instance did not finish), so the consumer group redelivers the
            // record and a new instance runs it. Running this one too would do the work twice, possibly at the same time
            // as the redelivered one (a CRM without upsert by key would then get two records).
            lease.HandOver(); // released by the save
            await executor.SaveCancelledAsync(saved).ConfigureAwait(false);
            LogSuperseded(logger, instanceId, saved.DefinitionId, saved.CorrelationId);
            return new ResumeOutcome(ResumeStatus.NotWaiting, null);
        }

        lease.HandOver();
        var run = await executor.ExecuteOwnedAsync(saved, [], stoppingToken, persistCancellation: false, token => engine.RunAsync(entry.Workflow, input, token)).ConfigureAwait(false);
        return new ResumeOutcome(ResumeStatus.Resumed, await resumer.AfterCommitAsync(instanceId, run, stoppingToken).ConfigureAwait(false));
    }

    /// <summary>A first run started by a record of its Kafka trigger (the input the Kafka trigger builds: topic, partition, offset).</summary>
    private static bool StartedByKafkaRecord(CatalogEntry entry, JsonNode? input) =>
        entry.Workflow.Definition.Triggers.Any(t => t.Type == DurableWorkflowsServiceCollectionExtensions.KafkaTrigger)
        && WorkflowMessageHandler.IsRecordInput(input);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow instance {InstanceId} ({DefinitionId}, event {CorrelationId}) was started by a Kafka record when its node died; the record is redelivered to the consumer group, so this instance is closed as Cancelled instead of running twice")]
    private static partial void LogSuperseded(ILogger logger, Guid instanceId, string definitionId, string? correlationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovering workflow instance {InstanceId} ({DefinitionId} v{Version}): its owner's lease expired while it executed; running again from its last persisted state")]
    private static partial void LogRecovering(ILogger logger, Guid instanceId, string definitionId, int version);
}
