namespace IntegrationHub.Storage;

/// <summary>
/// Events that arrived while no instance waited for them (<c>POST /api/v1/events/{name}</c>), kept for a while so that
/// an instance reaching its WaitForEvent a moment later still gets them. Each is handed to at most one instance:
/// <see cref="IWorkflowBookmarkStore.TryConsumeAsync"/> deletes it in the resume's own transaction.
/// </summary>
public interface IWorkflowEventQueue
{
    Task<PendingWorkflowEvent> EnqueueAsync(string name, string? correlationId, string? payloadJson, DateTimeOffset receivedAt, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// The oldest unexpired event a WaitForEvent bookmark matches: same name, and the bookmark's correlation key equal to
    /// the event's correlation id (a bookmark without a key matches any). Null when none.
    /// </summary>
    Task<PendingWorkflowEvent?> FindForBookmarkAsync(string name, string? correlationKey, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Unexpired events, oldest first.</summary>
    Task<IReadOnlyList<PendingWorkflowEvent>> ListAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>Events not yet expired at <paramref name="now"/>.</summary>
    Task<int> CountAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes events that expired before <paramref name="now"/>; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}

public sealed record PendingWorkflowEvent(long Id, string Name, string? CorrelationId, string? PayloadJson, DateTimeOffset ReceivedAt, DateTimeOffset ExpiresAt);
