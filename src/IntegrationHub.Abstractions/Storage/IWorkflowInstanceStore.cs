namespace IntegrationHub.Storage;

/// <summary>
/// Where workflow instances are kept: their status, variables, journal, incident and position, as JSON documents the
/// engine writes. Saving an instance id again replaces it (the latest state wins). The runtime writes through
/// <see cref="CreateOwnedAsync"/> and <see cref="SaveOwnedAsync"/>, which hold to the instance's lease
/// (<see cref="IWorkflowLeaseStore"/>); every operation is plain SQL so another relational store can implement it.
/// </summary>
public interface IWorkflowInstanceStore
{
    /// <summary>Inserts or replaces an instance regardless of its lease (its bookmarks stay as they are).</summary>
    Task SaveAsync(WorkflowInstanceRecord instance, CancellationToken cancellationToken = default);

    /// <summary>Inserts a new instance owned by <paramref name="owner"/> until <paramref name="leaseExpiresAt"/>.</summary>
    Task CreateOwnedAsync(WorkflowInstanceRecord instance, string owner, DateTimeOffset leaseExpiresAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts a new instance owned by <paramref name="owner"/> unless an instance was already started with
    /// <paramref name="startKey"/> (a key only one instance may ever be started with, such as a schedule slot): null when
    /// this one was inserted, else the id of the one that was (nothing written; <see cref="Guid.Empty"/> when that instance has since been purged).
    /// Two nodes racing on one key: one wins.
    /// </summary>
    Task<Guid?> CreateOwnedOnceAsync(WorkflowInstanceRecord instance, string startKey, string owner, DateTimeOffset leaseExpiresAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction, when <paramref name="owner"/> still holds the lease: replaces the instance's state and its
    /// bookmarks, and releases the lease when <paramref name="release"/>. False (nothing written) when the lease was lost.
    /// </summary>
    Task<bool> SaveOwnedAsync(WorkflowInstanceRecord instance, IReadOnlyList<WorkflowBookmarkRecord> bookmarks, string owner, bool release, CancellationToken cancellationToken = default);

    /// <summary>Instances left Running (Executing) whose owner's lease expired before <paramref name="now"/>: their owner died.</summary>
    Task<IReadOnlyList<Guid>> ListOrphanedAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    Task<WorkflowInstanceRecord?> GetAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Deletes finished instances (with their journal) that finished before <paramref name="before"/>; returns how many.</summary>
    Task<int> DeleteFinishedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>
    /// Newest first, optionally filtered by definition, status (either the status or the sub-status), correlation id and
    /// creation time, after <see cref="WorkflowInstanceQuery.Before"/> (the last one of the previous page).
    /// </summary>
    Task<IReadOnlyList<WorkflowInstanceSummary>> ListAsync(WorkflowInstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many instances each definition has per sub-status (Executing, Suspended, Finished, Faulted, Cancelled).</summary>
    Task<IReadOnlyList<(string DefinitionId, string SubStatus, long Count)>> CountBySubStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Instances created at or after <paramref name="since"/>, per definition and UTC minute, with how many of them faulted.</summary>
    Task<IReadOnlyList<WorkflowInstanceMinute>> CountPerMinuteAsync(DateTimeOffset since, CancellationToken cancellationToken = default);
}

/// <summary>One definition's instances created in one minute (<see cref="Minute"/>: its start, UTC), and how many of them are faulted.</summary>
public sealed record WorkflowInstanceMinute(string DefinitionId, DateTimeOffset Minute, long Started, long Faulted);

/// <summary>Where a page of instances ended: the creation time and id of its last (oldest) instance.</summary>
public sealed record WorkflowInstanceCursor(DateTimeOffset CreatedAt, Guid InstanceId);

/// <param name="VariablesJson">Final variables as a JSON object.</param>
/// <param name="JournalJson">Activity executions as a JSON array.</param>
/// <param name="IncidentJson">The incident as a JSON object when the instance faulted.</param>
/// <param name="InputJson">The instance's input, kept so a faulted instance can be retried.</param>
/// <param name="PositionJson">Where a suspended instance resumes (the engine's position), else null.</param>
/// <param name="StimulusJson">The stimulus of a resume in progress, so a crashed resume is run again; else null.</param>
public sealed record WorkflowInstanceRecord(
    Guid InstanceId,
    string DefinitionId,
    int Version,
    string Status,
    string SubStatus,
    string? CorrelationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string VariablesJson,
    string JournalJson,
    string? IncidentJson,
    string? InputJson = null,
    string? PositionJson = null,
    string? StimulusJson = null);

public sealed record WorkflowInstanceSummary(
    Guid InstanceId,
    string DefinitionId,
    int Version,
    string Status,
    string SubStatus,
    string? CorrelationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt);

/// <summary>
/// Filters of an instance listing (all optional): the definition, the status or sub-status, the correlation id, creation
/// time in [<see cref="From"/>, <see cref="To"/>), and the page to continue after.
/// </summary>
public sealed record WorkflowInstanceQuery(string? DefinitionId = null, string? Status = null, int Limit = 50)
{
    public string? CorrelationId { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public WorkflowInstanceCursor? Before { get; init; }
}
