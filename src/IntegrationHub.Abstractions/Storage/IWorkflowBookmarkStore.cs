namespace IntegrationHub.Storage;

/// <summary>What suspended instances wait for, written with the instance (<see cref="IWorkflowInstanceStore.SaveOwnedAsync"/>).</summary>
public interface IWorkflowBookmarkStore
{
    /// <summary>Bookmarks waiting for event <paramref name="name"/>: those with this correlation key and those without one.</summary>
    Task<IReadOnlyList<WorkflowBookmarkRecord>> FindForEventAsync(string name, string? correlationId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Bookmarks due at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<WorkflowBookmarkRecord>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>The earliest due time of any bookmark, or null.</summary>
    Task<DateTimeOffset?> NextDueAtAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WorkflowBookmarkRecord>> ListForInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>How many suspended instances of each workflow wait for each event (parked records, e.g. orders waiting for <c>customer.arrived</c>).</summary>
    Task<IReadOnlyList<(string DefinitionId, string Event, long Count)>> CountWaitingForEventsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Consumes a bookmark atomically: when it still exists and <paramref name="owner"/> holds the suspended instance's
    /// lease, deletes every bookmark of the instance, marks it Running/Executing and keeps the stimulus (for recovery).
    /// False when the bookmark was consumed already (or the lease is not held): exactly one resume wins. With
    /// <paramref name="pendingEventId"/>, that queued event (<see cref="IWorkflowEventQueue"/>) is deleted in the same
    /// transaction, and the consume fails when it is gone already: the event goes to exactly one instance.
    /// </summary>
    Task<bool> TryConsumeAsync(Guid bookmarkId, Guid instanceId, string owner, string stimulusJson, long? pendingEventId = null, CancellationToken cancellationToken = default);
}

public sealed record WorkflowBookmarkRecord(Guid BookmarkId, Guid InstanceId, string ActivityId, string Kind, string? Name, string? CorrelationKey, DateTimeOffset? DueAt);
