using Microsoft.Extensions.Options;

namespace IntegrationHub.Workflows.Runtime.Execution;

/// <summary>
/// Continues suspended instances: a stimulus consumes the bookmark atomically, so it continues an instance once.
/// After any commit that leaves an instance waiting for an event that was queued before it waited, the event is
/// handed to it at once.
/// </summary>
internal sealed partial class WorkflowResumer(
    WorkflowEngine engine,
    WorkflowCatalog catalog,
    IWorkflowInstanceStore instances,
    IWorkflowBookmarkStore bookmarks,
    IWorkflowEventQueue pendingEvents,
    InstanceLeases leases,
    InstanceExecutor executor,
    IOptions<WorkflowEngineOptions> options,
    TimeProvider time,
    ILogger<WorkflowResumer> logger) : IWorkflowResumer
{
    public async Task<ResumeOutcome> ResumeAsync(WorkflowBookmarkRecord bookmark, BookmarkStimulus stimulus, CancellationToken stoppingToken, long? pendingEventId = null)
    {
        await using var lease = await leases.TryAcquireAsync(bookmark.InstanceId, stoppingToken).ConfigureAwait(false);
        if (lease is null)
        {
            return new ResumeOutcome(ResumeStatus.Busy, null);
        }

        if (!await bookmarks.TryConsumeAsync(bookmark.BookmarkId, bookmark.InstanceId, leases.Owner, JsonSerializer.Serialize(stimulus, InstanceExecutor.Json), pendingEventId, stoppingToken).ConfigureAwait(false))
        {
            return new ResumeOutcome(ResumeStatus.NotWaiting, null);
        }

        var saved = (await instances.GetAsync(bookmark.InstanceId, stoppingToken).ConfigureAwait(false))!;
        lease.HandOver();
        return await ContinueAsync(saved, stimulus, stoppingToken).ConfigureAwait(false);
    }

    public async Task<(WorkflowBookmarkRecord Bookmark, WorkflowRunResult Result)?> DeliverQueuedEventAsync(PendingWorkflowEvent pending, int candidates, CancellationToken stoppingToken)
    {
        var stimulus = new BookmarkStimulus(BookmarkStimulus.EventKind, pending.PayloadJson is null ? null : JsonNode.Parse(pending.PayloadJson));
        foreach (var bookmark in await bookmarks.FindForEventAsync(pending.Name, pending.CorrelationId, candidates, stoppingToken).ConfigureAwait(false))
        {
            var outcome = await ResumeAsync(bookmark, stimulus, stoppingToken, pending.Id).ConfigureAwait(false);
            if (outcome.Status == ResumeStatus.Resumed)
            {
                LogQueuedEventDelivered(logger, pending.Name, bookmark.InstanceId);
                return (bookmark, outcome.Result!);
            }
        }

        return null;
    }

    /// <summary>Continues an instance from its saved position with <paramref name="stimulus"/>; the caller has handed this call the lease.</summary>
    internal async Task<ResumeOutcome> ContinueAsync(WorkflowInstanceRecord saved, BookmarkStimulus stimulus, CancellationToken stoppingToken)
    {
        if (catalog.Find(saved.DefinitionId, saved.Version) is not { } entry)
        {
            // Left Running with its stimulus: recovery continues it once the version is loaded again.
            LogVersionGone(logger, saved.InstanceId, saved.DefinitionId, saved.Version);
            await leases.ReleaseAsync(saved.InstanceId).ConfigureAwait(false);
            return new ResumeOutcome(ResumeStatus.VersionGone, null);
        }

        var position = JsonSerializer.Deserialize<WorkflowPosition>(saved.PositionJson!, InstanceExecutor.Json)!;
        var input = saved.InputJson is null ? null : JsonNode.Parse(saved.InputJson);
        var run = await executor.ExecuteOwnedAsync(saved, InstanceExecutor.Journal(saved), stoppingToken, persistCancellation: false,
            token => engine.ResumeAsync(entry.Workflow, input, InstanceExecutor.Variables(saved), position, stimulus, token)).ConfigureAwait(false);
        return new ResumeOutcome(ResumeStatus.Resumed, await AfterCommitAsync(saved.InstanceId, run, stoppingToken).ConfigureAwait(false));
    }

    /// <summary>
    /// An instance that was just saved waiting for an event that already arrived (queued by the events API while nobody
    /// waited) is resumed with it at once; the event goes to this instance only if the resume takes it (one transaction).
    /// </summary>
    /// <returns>The result after the resume(s), or the run's result when it was not committed or no queued event matched.</returns>
    internal async Task<WorkflowRunResult> AfterCommitAsync(Guid instanceId, ExecutedRun run, CancellationToken cancellationToken)
    {
        var result = run.Result;
        if (!run.Committed || result.Status != WorkflowStatus.Suspended || options.Value.EventRetention <= TimeSpan.Zero)
        {
            return result;
        }

        foreach (var b in result.Bookmarks.Where(b => b.Kind == WorkflowBookmark.EventKind && b.Name is not null))
        {
            // The instance is committed: from here on nothing may throw into the caller (a Kafka record would be
            // redelivered and start a second instance). Stopping now leaves the event queued and the instance waiting.
            if (cancellationToken.IsCancellationRequested
                || await pendingEvents.FindForBookmarkAsync(b.Name!, b.CorrelationKey, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false) is not { } pending)
            {
                continue;
            }

            var payload = pending.PayloadJson is null ? null : JsonNode.Parse(pending.PayloadJson);
            var bookmark = new WorkflowBookmarkRecord(b.Id, instanceId, b.ActivityId, b.Kind, b.Name, b.CorrelationKey, b.DueAt);
            try
            {
                var outcome = await ResumeAsync(bookmark, new BookmarkStimulus(BookmarkStimulus.EventKind, payload), cancellationToken, pending.Id).ConfigureAwait(false);
                if (outcome.Status == ResumeStatus.Resumed)
                {
                    LogQueuedEventDelivered(logger, pending.Name, instanceId);
                    return outcome.Result!;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return result;
            }
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow instance {InstanceId} waits on {DefinitionId} v{Version}, which is not loaded; it stays Running until the version is back")]
    internal static partial void LogVersionGone(ILogger logger, Guid instanceId, string definitionId, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued event {EventName} delivered to workflow instance {InstanceId}, which waited for it after it arrived")]
    private static partial void LogQueuedEventDelivered(ILogger logger, string eventName, Guid instanceId);
}
