using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Storage;
using IntegrationHub.Workflows;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Model;
using IntegrationHub.Workflows.Runtime;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Workflows;

/// <summary>
/// Runs workflow instances durably. Every run holds the instance's lease (renewed while it executes) and persists at
/// the points the engine defines: start (Running/Executing), suspension (variables, bookmarks, position),
/// completion and fault. Resumes consume the bookmark atomically, so a stimulus continues an instance once; retries,
/// timers, recovery and cancel take the lease first, so an instance never executes on two nodes at once.
/// </summary>
internal sealed partial class WorkflowRunService(
    WorkflowEngine engine,
    WorkflowCatalog catalog,
    IWorkflowInstanceStore instances,
    IWorkflowLeaseStore leases,
    IWorkflowBookmarkStore bookmarks,
    IWorkflowEventQueue pendingEvents,
    RunningInstances running,
    WorkflowTimerSignal timers,
    IOptions<WorkflowEngineOptions> options,
    TimeProvider time,
    ILogger<WorkflowRunService> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string Owner => options.Value.NodeId;

    private TimeSpan Lease => options.Value.LeaseDuration;

    /// <summary>Starts an instance; it runs until it ends or suspends. Cancelling <paramref name="cancellationToken"/> ends it as Cancelled.</summary>
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
        await instances.CreateOwnedAsync(record, Owner, created + Lease, CancellationToken.None).ConfigureAwait(false);
        var result = await ExecuteOwnedAsync(record, [], cancellationToken, persistCancellation: true, token => engine.RunAsync(entry.Workflow, input, token)).ConfigureAwait(false);
        return (instanceId, result);
    }

    /// <summary>
    /// <see cref="InstancePersistence.OnSuspendOrFault"/>: runs without a row or a lease (only this process knows the
    /// instance, so there is nothing to share); an instance that finishes in one go is never written. One that suspends,
    /// faults or is cancelled is then stored (with its lease, released at once) and from there on is like any other.
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
        await instances.CreateOwnedAsync(record, Owner, time.GetUtcNow() + Lease, CancellationToken.None).ConfigureAwait(false);
        return await CommitAsync(record, [], result).ConfigureAwait(false)
            ? await DeliverPendingEventAsync(record.InstanceId, result, cancellationToken).ConfigureAwait(false)
            : result;
    }

    /// <summary>Retries a faulted instance on the version it started with, from the failed step; the journal grows.</summary>
    public async Task<RetryOutcome> RetryAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        if (await instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false) is null)
        {
            return new RetryOutcome(RetryStatus.NotFound, null);
        }

        if (!await AcquireAsync(instanceId, cancellationToken).ConfigureAwait(false))
        {
            return new RetryOutcome(RetryStatus.Busy, null);
        }

        var held = true;
        try
        {
            var saved = (await instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false))!;
            if (saved.SubStatus != nameof(WorkflowSubStatus.Faulted) || saved.IncidentJson is null)
            {
                return new RetryOutcome(RetryStatus.NotFaulted, null);
            }

            if (catalog.Find(saved.DefinitionId, saved.Version) is not { } entry)
            {
                return new RetryOutcome(RetryStatus.VersionGone, null);
            }

            var incident = JsonSerializer.Deserialize<WorkflowIncident>(saved.IncidentJson, Json)!;
            var input = saved.InputJson is null ? null : JsonNode.Parse(saved.InputJson);
            held = false;
            var result = await ExecuteOwnedAsync(saved, Journal(saved), cancellationToken, persistCancellation: true,
                token => engine.RetryAsync(entry.Workflow, input, Variables(saved), incident, token)).ConfigureAwait(false);
            return new RetryOutcome(RetryStatus.Retried, result);
        }
        finally
        {
            if (held)
            {
                await leases.ReleaseLeaseAsync(instanceId, Owner, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Resumes the instance waiting on <paramref name="bookmark"/>: takes its lease, consumes the bookmark (only one
    /// caller can) and continues. Shutdown (<paramref name="stoppingToken"/>) leaves it Running for recovery.
    /// </summary>
    /// <param name="pendingEventId">The queued event this resume delivers, taken in the same transaction as the bookmark.</param>
    public async Task<ResumeOutcome> ResumeAsync(WorkflowBookmarkRecord bookmark, BookmarkStimulus stimulus, CancellationToken stoppingToken, long? pendingEventId = null)
    {
        if (!await AcquireAsync(bookmark.InstanceId, stoppingToken).ConfigureAwait(false))
        {
            return new ResumeOutcome(ResumeStatus.Busy, null);
        }

        var held = true;
        try
        {
            if (!await bookmarks.TryConsumeAsync(bookmark.BookmarkId, bookmark.InstanceId, Owner, JsonSerializer.Serialize(stimulus, Json), pendingEventId, stoppingToken).ConfigureAwait(false))
            {
                return new ResumeOutcome(ResumeStatus.NotWaiting, null);
            }

            var saved = (await instances.GetAsync(bookmark.InstanceId, stoppingToken).ConfigureAwait(false))!;
            held = false;
            return await ContinueAsync(saved, stimulus, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            if (held)
            {
                await leases.ReleaseLeaseAsync(bookmark.InstanceId, Owner, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Takes over an instance whose owner died while it executed (Running with an expired lease) and runs it again from
    /// its last persisted state: a resume in progress again with the same stimulus, a new instance from the start.
    /// </summary>
    public async Task<ResumeOutcome> RecoverAsync(Guid instanceId, CancellationToken stoppingToken)
    {
        if (!await AcquireAsync(instanceId, stoppingToken).ConfigureAwait(false))
        {
            return new ResumeOutcome(ResumeStatus.Busy, null);
        }

        var held = true;
        try
        {
            var saved = await instances.GetAsync(instanceId, stoppingToken).ConfigureAwait(false);
            if (saved is null || saved.Status != nameof(WorkflowStatus.Running))
            {
                return new ResumeOutcome(ResumeStatus.NotWaiting, null);
            }

            LogRecovering(logger, instanceId, saved.DefinitionId, saved.Version);
            held = false;
            if (saved.PositionJson is not null && saved.StimulusJson is not null)
            {
                return await ContinueAsync(saved, JsonSerializer.Deserialize<BookmarkStimulus>(saved.StimulusJson, Json)!, stoppingToken).ConfigureAwait(false);
            }

            if (catalog.Find(saved.DefinitionId, saved.Version) is not { } entry)
            {
                held = true;
                LogVersionGone(logger, instanceId, saved.DefinitionId, saved.Version);
                return new ResumeOutcome(ResumeStatus.VersionGone, null);
            }

            var input = saved.InputJson is null ? null : JsonNode.Parse(saved.InputJson);
            var result = await ExecuteOwnedAsync(saved, [], stoppingToken, persistCancellation: false, token => engine.RunAsync(entry.Workflow, input, token)).ConfigureAwait(false);
            return new ResumeOutcome(ResumeStatus.Resumed, result);
        }
        finally
        {
            if (held)
            {
                await leases.ReleaseLeaseAsync(instanceId, Owner, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Cancels an instance: a suspended (or orphaned) one at once, one executing here through its token.</summary>
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

        if (!await AcquireAsync(instanceId, cancellationToken).ConfigureAwait(false))
        {
            return CancelStatus.Busy;
        }

        saved = (await instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false))!;
        if (saved.Status == nameof(WorkflowStatus.Finished))
        {
            await leases.ReleaseLeaseAsync(instanceId, Owner, CancellationToken.None).ConfigureAwait(false);
            return CancelStatus.Finished;
        }

        var cancelled = saved with
        {
            Status = nameof(WorkflowStatus.Finished),
            SubStatus = nameof(WorkflowSubStatus.Cancelled),
            FinishedAt = time.GetUtcNow(),
            PositionJson = null,
            StimulusJson = null,
        };
        await instances.SaveOwnedAsync(cancelled, [], Owner, release: true, CancellationToken.None).ConfigureAwait(false);
        LogCancelled(logger, instanceId, saved.SubStatus);
        return CancelStatus.Cancelled;
    }

    private async Task<ResumeOutcome> ContinueAsync(WorkflowInstanceRecord saved, BookmarkStimulus stimulus, CancellationToken stoppingToken)
    {
        if (catalog.Find(saved.DefinitionId, saved.Version) is not { } entry)
        {
            // Left Running with its stimulus: recovery continues it once the version is loaded again.
            LogVersionGone(logger, saved.InstanceId, saved.DefinitionId, saved.Version);
            await leases.ReleaseLeaseAsync(saved.InstanceId, Owner, CancellationToken.None).ConfigureAwait(false);
            return new ResumeOutcome(ResumeStatus.VersionGone, null);
        }

        var position = JsonSerializer.Deserialize<WorkflowPosition>(saved.PositionJson!, Json)!;
        var input = saved.InputJson is null ? null : JsonNode.Parse(saved.InputJson);
        var result = await ExecuteOwnedAsync(saved, Journal(saved), stoppingToken, persistCancellation: false,
            token => engine.ResumeAsync(entry.Workflow, input, Variables(saved), position, stimulus, token)).ConfigureAwait(false);
        return new ResumeOutcome(ResumeStatus.Resumed, result);
    }

    /// <summary>
    /// Runs with the lease held (renewed meanwhile) and commits the result, releasing the lease. Cancelled through the
    /// cancel API: persisted as Cancelled. Cancelled through <paramref name="callerToken"/>: persisted when
    /// <paramref name="persistCancellation"/>, else (shutdown) left Running for recovery. Lease lost: nothing written.
    /// </summary>
    private async Task<WorkflowRunResult> ExecuteOwnedAsync(WorkflowInstanceRecord saved, IReadOnlyList<JournalEntry> earlier, CancellationToken callerToken, bool persistCancellation, Func<CancellationToken, ValueTask<WorkflowRunResult>> run)
    {
        var instanceId = saved.InstanceId;
        var cancel = running.Register(instanceId);
        WorkflowRunResult result;
        bool lost;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, cancel.Token);
            var keeper = new WorkflowLeaseKeeper(leases, instanceId, Owner, Lease, time, cancel, logger);
            try
            {
                result = await run(linked.Token).ConfigureAwait(false);
            }
            finally
            {
                await keeper.DisposeAsync().ConfigureAwait(false);
            }

            lost = keeper.Lost;
        }
        finally
        {
            running.Unregister(instanceId, cancel);
        }

        var explicitCancel = cancel.IsCancellationRequested && !lost;
        cancel.Dispose();
        if (lost)
        {
            return result;
        }

        if (result.SubStatus == WorkflowSubStatus.Cancelled && !explicitCancel && !persistCancellation)
        {
            await leases.ReleaseLeaseAsync(instanceId, Owner, CancellationToken.None).ConfigureAwait(false);
            return result;
        }

        return await CommitAsync(saved, earlier, result).ConfigureAwait(false)
            ? await DeliverPendingEventAsync(instanceId, result, callerToken).ConfigureAwait(false)
            : result;
    }

    /// <summary>
    /// Hands a queued event to the first instance already waiting for it that takes it (the event is deleted in that
    /// resume's transaction, so a concurrent taker loses). Null when none of the first <paramref name="candidates"/>
    /// waiters took it (none waits, or another took the event first).
    /// </summary>
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

    /// <summary>
    /// An instance that just suspended waiting for an event that already arrived (queued by the events API while nobody
    /// waited) is resumed with it at once; the event goes to this instance only if the resume takes it (one transaction).
    /// </summary>
    /// <returns>The result after the resume(s), or <paramref name="result"/> when no queued event matched.</returns>
    private async Task<WorkflowRunResult> DeliverPendingEventAsync(Guid instanceId, WorkflowRunResult result, CancellationToken cancellationToken)
    {
        if (result.Status != WorkflowStatus.Suspended || options.Value.EventRetention <= TimeSpan.Zero)
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

    /// <summary>Saves the result of a run under the lease and releases it; arms the timer for a due bookmark.</summary>
    /// <returns>False when the lease was lost before the save (the new owner runs the instance).</returns>
    private async Task<bool> CommitAsync(WorkflowInstanceRecord saved, IReadOnlyList<JournalEntry> earlier, WorkflowRunResult result)
    {
        var instanceId = saved.InstanceId;
        var record = saved with
        {
            Status = result.Status.ToString(),
            SubStatus = result.SubStatus.ToString(),
            FinishedAt = result.Status == WorkflowStatus.Finished ? time.GetUtcNow() : null,
            VariablesJson = JsonSerializer.Serialize(result.Variables, Json),
            JournalJson = JsonSerializer.Serialize(earlier.Concat(result.Journal), Json),
            IncidentJson = result.Incident is null ? null : JsonSerializer.Serialize(result.Incident, Json),
            PositionJson = result.Position is null ? null : JsonSerializer.Serialize(result.Position, Json),
            StimulusJson = null,
        };
        var marks = result.Bookmarks.Select(b => new WorkflowBookmarkRecord(b.Id, instanceId, b.ActivityId, b.Kind, b.Name, b.CorrelationKey, b.DueAt)).ToList();
        if (!await instances.SaveOwnedAsync(record, marks, Owner, release: true, CancellationToken.None).ConfigureAwait(false))
        {
            LogLostAtCommit(logger, instanceId);
            return false;
        }

        if (marks.Where(b => b.DueAt is not null).Min(b => b.DueAt) is { } due)
        {
            timers.Notify(due);
        }

        return true;
    }

    private Task<bool> AcquireAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return leases.TryAcquireLeaseAsync(instanceId, Owner, now, now + Lease, cancellationToken);
    }

    private static Dictionary<string, object?> Variables(WorkflowInstanceRecord saved) =>
        JsonNode.Parse(saved.VariablesJson)!.AsObject().ToDictionary(p => p.Key, p => (object?)p.Value?.DeepClone(), StringComparer.Ordinal);

    private static List<JournalEntry> Journal(WorkflowInstanceRecord saved) =>
        JsonSerializer.Deserialize<List<JournalEntry>>(saved.JournalJson, Json) ?? [];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovering workflow instance {InstanceId} ({DefinitionId} v{Version}): its owner's lease expired while it executed; running again from its last persisted state")]
    private static partial void LogRecovering(ILogger logger, Guid instanceId, string definitionId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow instance {InstanceId} waits on {DefinitionId} v{Version}, which is not loaded; it stays Running until the version is back")]
    private static partial void LogVersionGone(ILogger logger, Guid instanceId, string definitionId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow instance {InstanceId}: the lease was lost before the result was saved; the new owner runs it")]
    private static partial void LogLostAtCommit(ILogger logger, Guid instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued event {EventName} delivered to workflow instance {InstanceId}, which waited for it after it arrived")]
    private static partial void LogQueuedEventDelivered(ILogger logger, string eventName, Guid instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow instance {InstanceId} cancelled (was {SubStatus})")]
    private static partial void LogCancelled(ILogger logger, Guid instanceId, string subStatus);
}

internal enum RetryStatus { Retried, NotFound, NotFaulted, VersionGone, Busy }

internal sealed record RetryOutcome(RetryStatus Status, WorkflowRunResult? Result);

internal enum ResumeStatus { Resumed, Busy, NotWaiting, VersionGone }

internal sealed record ResumeOutcome(ResumeStatus Status, WorkflowRunResult? Result);

internal enum CancelStatus { Cancelled, CancelRequested, NotFound, Finished, Busy }
