using IntegrationHub.Connectors;

namespace IntegrationHub.Storage;

/// <summary>
/// Records a flow refused because their content is invalid (or a target refused them): kept with every reason until a
/// later version of the same source record passes (released) or a person discards it with a reason (kept as the audit),
/// never dropped and never retried on their own; a person may replay one through its flow again.
/// </summary>
public interface IQuarantineStore
{
    /// <summary>
    /// Quarantines the record for <paramref name="flow"/>, or updates its entry (reasons, version, payload, count). A
    /// discarded entry stays discarded when the same or an older version is refused again, and reopens for a newer one.
    /// </summary>
    Task QuarantineAsync(string flow, CanonicalRecord record, IReadOnlyDictionary<string, string> reasons, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Releases the record's open entry for <paramref name="flow"/> (it passed); false when it had none.</summary>
    Task<bool> ReleaseAsync(string flow, RecordIdentity record, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Open entries (or also released and discarded ones), newest first.</summary>
    Task<IReadOnlyList<QuarantinedRecord>> ListAsync(QuarantineQuery query, CancellationToken cancellationToken = default);

    /// <summary>One entry, whatever its status; null when there is none.</summary>
    Task<QuarantinedRecord?> GetAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Counts a replay of each open entry of <paramref name="ids"/> (replays, last replayed); returns those that were open.</summary>
    Task<IReadOnlyList<QuarantinedRecord>> MarkReplayedAsync(IReadOnlyCollection<long> ids, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Discards an open entry with a reason and who did it (kept as its audit); false when it is not open.</summary>
    Task<bool> DiscardAsync(long id, string reason, string by, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>Where an entry stands: open (waiting), released (a later version or a replay passed), discarded (given up by a person).</summary>
public enum QuarantineStatus
{
    Open,
    Released,
    Discarded,
}

/// <param name="Flow">The workflow (definition id) that refused it.</param>
/// <param name="Times">How often the record was refused.</param>
public sealed record QuarantinedRecord(long Id, string Flow, RecordIdentity Record, long SourceVersion, string PayloadJson,
    IReadOnlyDictionary<string, string> Reasons, int Times, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, DateTimeOffset? ReleasedAt)
{
    /// <summary>How often a person replayed it through its flow, and when last.</summary>
    public int Replays { get; init; }

    public DateTimeOffset? LastReplayedAt { get; init; }

    /// <summary>Set when a person gave the record up: when, why and who (the API client id).</summary>
    public QuarantineDiscard? Discarded { get; init; }

    public QuarantineStatus Status => Discarded is not null ? QuarantineStatus.Discarded : ReleasedAt is not null ? QuarantineStatus.Released : QuarantineStatus.Open;
}

public sealed record QuarantineDiscard(DateTimeOffset At, string Reason, string By);

/// <summary>
/// Filters of a quarantine listing, newest refusal first (last seen, then id): the flow, the entity, the status (null:
/// any), the source record's external id, text in a reason (any case), and the page size; <see cref="After"/> continues
/// after the last entry of the previous page.
/// </summary>
public sealed record QuarantineQuery(string? Flow = null, string? Entity = null, QuarantineStatus? Status = QuarantineStatus.Open, int Limit = 100)
{
    public string? ExternalId { get; init; }

    public string? ReasonContains { get; init; }

    /// <summary>Entries last refused at or after this instant.</summary>
    public DateTimeOffset? SeenFrom { get; init; }

    /// <summary>Entries last refused before this instant.</summary>
    public DateTimeOffset? SeenBefore { get; init; }

    public QuarantinePosition? After { get; init; }
}

/// <summary>Where a listing page ended: the last entry's last refusal time and id.</summary>
public sealed record QuarantinePosition(DateTimeOffset LastSeen, long Id)
{
    public static QuarantinePosition Of(QuarantinedRecord entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.LastSeen, entry.Id);
    }
}
