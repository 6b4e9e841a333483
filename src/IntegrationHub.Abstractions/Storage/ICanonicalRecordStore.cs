using System.Text.Json;
using IntegrationHub.Connectors;
using IntegrationHub.Messaging;

namespace IntegrationHub.Storage;

/// <summary>
/// The hub's memory of records: the latest canonical state of every record it has seen (keyed by hub id, with its
/// source, source version and content hash), what it last wrote to each target system, and the change events waiting to
/// be published (a transactional outbox: a state change and its event commit together).
/// </summary>
public interface ICanonicalRecordStore
{
    /// <summary>
    /// Records that <paramref name="record"/> (the hub record <paramref name="hubId"/>) was seen. A source version older
    /// than the newest stored for the same source system is <see cref="ObservationOutcome.Stale"/> (each source system's
    /// newest version is kept, so versions of different systems are never compared); the same hash is
    /// <see cref="ObservationOutcome.Unchanged"/>; both change nothing. When <paramref name="basedOnHash"/> is not
    /// <see cref="AnyState"/> and the stored hash is not it (null: no state stored), the state changed since the caller
    /// read it: <see cref="ObservationOutcome.Conflict"/>, nothing written, read and merge again. Otherwise the state is
    /// replaced and, when <paramref name="changeEvent"/> is given, the event is queued in the same transaction.
    /// </summary>
    Task<ObservationOutcome> ObserveAsync(Guid hubId, CanonicalRecord record, string hash, DateTimeOffset seenAt, OutgoingMessage? changeEvent,
        string? basedOnHash = AnyState, CancellationToken cancellationToken = default);

    /// <summary>For <c>basedOnHash</c>: observe whatever is stored.</summary>
    public const string AnyState = "*";

    /// <summary>The latest state of a hub record, or <see langword="null"/> when it was never seen.</summary>
    Task<CanonicalState?> GetAsync(Guid hubId, CancellationToken cancellationToken = default);

    /// <summary>What the hub last wrote to <paramref name="targetSystem"/> for the hub record, or <see langword="null"/>.</summary>
    Task<TargetWrite?> GetWriteAsync(string targetSystem, CanonicalEntity entity, Guid hubId, CancellationToken cancellationToken = default);

    /// <summary>Every target write of the hub record, ordered by target system.</summary>
    Task<IReadOnlyList<TargetWrite>> ListWritesAsync(Guid hubId, CancellationToken cancellationToken = default);

    /// <summary>Remembers a successful write (replacing the previous one for that target and record).</summary>
    Task SaveWriteAsync(TargetWrite write, CancellationToken cancellationToken = default);

    /// <summary>Queued change events not yet confirmed by the bus, oldest first (so events of one key leave in order).</summary>
    Task<IReadOnlyList<PendingRecordEvent>> ListPendingEventsAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Marks a queued event published.</summary>
    Task MarkEventPublishedAsync(long eventId, PublishReceipt receipt, DateTimeOffset publishedAt, CancellationToken cancellationToken = default);
}

/// <summary>What an observation did.</summary>
public enum ObservationOutcome
{
    /// <summary>New or different content: stored, and its event queued.</summary>
    Changed,

    /// <summary>The same content hash as stored: nothing written.</summary>
    Unchanged,

    /// <summary>An older source version than stored (same source system): nothing written.</summary>
    Stale,

    /// <summary>The stored state is not the one the caller merged against: nothing written.</summary>
    Conflict,
}

/// <summary>The latest state of a hub record.</summary>
/// <param name="Source">The source of the latest change.</param>
/// <param name="SourceVersions">The newest version seen from each source system.</param>
public sealed record CanonicalState(Guid HubId, CanonicalEntity Entity, RecordIdentity Source, long SourceVersion, string Hash, JsonElement Payload, DateTimeOffset SeenAt,
    IReadOnlyDictionary<string, long> SourceVersions);

/// <summary>What the hub wrote to a target for a hub record: from which source version, with which content hash, under which target id.</summary>
public sealed record TargetWrite(string TargetSystem, CanonicalEntity Entity, Guid HubId, RecordIdentity Source, long SourceVersion, string Hash, string TargetId, DateTimeOffset WrittenAt);

/// <summary>A queued change event.</summary>
public sealed record PendingRecordEvent(long Id, OutgoingMessage Message);
