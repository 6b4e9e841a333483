using IntegrationHub.Connectors;

namespace IntegrationHub.Storage;

/// <summary>
/// The hub's cross-reference: which record of which system is which hub record. A hub id has at most one external id
/// per (system, entity), and an external id belongs to exactly one hub id.
/// </summary>
public interface ICrossReferenceStore
{
    /// <summary>
    /// Records that <paramref name="record"/> is the hub record <paramref name="hubId"/>. Recording the same link again
    /// changes nothing. When the system already has another record for <paramref name="hubId"/> (the target was
    /// recreated), the link moves to the new external id.
    /// </summary>
    /// <exception cref="CrossReferenceConflictException">The external id already belongs to another hub id; nothing is written.</exception>
    Task LinkAsync(Guid hubId, RecordIdentity record, CancellationToken cancellationToken = default);

    /// <summary>The hub id of a system's record, or <see langword="null"/> when it was never linked.</summary>
    Task<Guid?> FindHubIdAsync(RecordIdentity record, CancellationToken cancellationToken = default);

    /// <summary>Every system record linked to the hub record, ordered by system.</summary>
    Task<IReadOnlyList<(RecordIdentity Record, DateTimeOffset LinkedAt)>> ListLinksAsync(Guid hubId, CancellationToken cancellationToken = default);

    /// <summary>The record's id in <paramref name="system"/>, or <see langword="null"/> when none is linked.</summary>
    Task<string?> FindExternalIdAsync(Guid hubId, string system, CanonicalEntity entity, CancellationToken cancellationToken = default);
}
