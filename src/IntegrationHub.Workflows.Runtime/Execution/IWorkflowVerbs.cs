namespace IntegrationHub.Workflows.Runtime.Execution;

/// <summary>Starts durable workflow instances (API, webhook, Kafka record, schedule).</summary>
public interface IWorkflowStarter
{
    /// <summary>Starts an instance; it runs until it ends or suspends. Cancelling <paramref name="cancellationToken"/> ends it as Cancelled.</summary>
    Task<(Guid InstanceId, WorkflowRunResult Result)> RunAsync(CatalogEntry entry, JsonNode? input, string? correlationId, CancellationToken cancellationToken);

    /// <summary>
    /// Starts an instance with <paramref name="startKey"/> as its correlation id unless one was already started with it
    /// (on any node: the store keeps the key unique), whatever the workflow's persistence (the row is written first).
    /// Result null: an earlier start took the key, and InstanceId is that instance.
    /// </summary>
    Task<(Guid InstanceId, WorkflowRunResult? Result)> RunOnceAsync(CatalogEntry entry, JsonNode? input, string startKey, CancellationToken cancellationToken);
}

/// <summary>Continues suspended instances with a stimulus (an event, a timer) and hands queued events to their waiters.</summary>
public interface IWorkflowResumer
{
    /// <summary>
    /// Resumes the instance waiting on <paramref name="bookmark"/>: takes its lease, consumes the bookmark (only one
    /// caller can) and continues. Shutdown (<paramref name="stoppingToken"/>) leaves it Running for recovery.
    /// </summary>
    /// <param name="pendingEventId">The queued event this resume delivers, taken in the same transaction as the bookmark.</param>
    Task<ResumeOutcome> ResumeAsync(WorkflowBookmarkRecord bookmark, BookmarkStimulus stimulus, CancellationToken stoppingToken, long? pendingEventId = null);

    /// <summary>
    /// Hands a queued event to the first instance already waiting for it that takes it (the event is deleted in that
    /// resume's transaction, so a concurrent taker loses). Null when none of the first <paramref name="candidates"/>
    /// waiters took it.
    /// </summary>
    Task<(WorkflowBookmarkRecord Bookmark, WorkflowRunResult Result)?> DeliverQueuedEventAsync(PendingWorkflowEvent pending, int candidates, CancellationToken stoppingToken);
}

/// <summary>Retries faulted instances.</summary>
public interface IWorkflowRetrier
{
    /// <summary>Retries a faulted instance on the version it started with, from the failed step; the journal grows.</summary>
    Task<RetryOutcome> RetryAsync(Guid instanceId, CancellationToken cancellationToken);
}

/// <summary>Cancels instances.</summary>
public interface IWorkflowCanceller
{
    /// <summary>Cancels an instance: a suspended (or orphaned) one at once, one executing here through its token.</summary>
    Task<CancelStatus> CancelAsync(Guid instanceId, CancellationToken cancellationToken);
}
