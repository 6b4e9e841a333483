namespace IntegrationHub.Storage;

/// <summary>
/// Every record the hub moved to a dead-letter topic, as data: what it was (topic, partition, offset, key, headers,
/// payload), why it failed and how often, the flow and workflow instance involved, and what a person did about it
/// (replayed, discarded with a reason). One entry per original record: a replayed copy that fails again reopens the
/// same entry and adds to its history; a replayed copy that succeeds resolves it. Entries are never deleted, so a
/// discard stays as an audit entry.
/// </summary>
public interface IDeadLetterStore
{
    /// <summary>
    /// Records a failure about to be written to the dead-letter topic. A first failure creates the entry (once per
    /// consumer group, topic, partition and offset: recording it again after a crash changes nothing); a failure of a
    /// replayed copy (<see cref="DeadLetterFailure.ReplayOf"/>) reopens that entry, adds its attempts and a history line
    /// (once per copy). Returns the entry's id.
    /// </summary>
    Task<long> RecordAsync(DeadLetterFailure failure, CancellationToken cancellationToken = default);

    Task<DeadLetterEntry?> GetAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Entries matching <paramref name="query"/> with an id below <paramref name="beforeId"/> (0: from the newest), newest first.</summary>
    Task<IReadOnlyList<DeadLetterEntry>> ListAsync(DeadLetterQuery query, long beforeId, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Notes that the entry's record was republished to its topic (one more replay, who and when); false when it is
    /// resolved or discarded (nothing changes then). <paramref name="failuresSeen"/> is the entry's failure count read
    /// before the copy was published: when the copy already failed meanwhile (a fast consumer), the entry stays open.
    /// </summary>
    Task<bool> MarkReplayedAsync(long id, string by, DateTimeOffset at, int failuresSeen, CancellationToken cancellationToken = default);

    /// <summary>
    /// A replayed copy was handled: the entry is resolved (also from open: the copy may be handled before its replay is
    /// marked, or after another copy failed); false when it is resolved or discarded already.
    /// </summary>
    Task<bool> ResolveAsync(long id, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Discards the entry with a reason (kept as its audit); false when it is resolved or discarded already.</summary>
    Task<bool> DiscardAsync(long id, string reason, string by, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>How many entries there are per flow (null: a topic no flow reads) and status.</summary>
    Task<IReadOnlyList<(string? Flow, string Status, long Count)>> CountByStatusAsync(CancellationToken cancellationToken = default);
}

/// <summary>Open (failed, nothing done yet), replayed (republished, waiting for the outcome), resolved (a replay was handled), discarded.</summary>
public static class DeadLetterStatus
{
    public const string Open = "open";
    public const string Replayed = "replayed";
    public const string Resolved = "resolved";
    public const string Discarded = "discarded";

    public static readonly IReadOnlyList<string> All = [Open, Replayed, Resolved, Discarded];
}

/// <summary>One Kafka header as consumed: text when it is UTF-8, else <see cref="Base64"/>.</summary>
public sealed record DeadLetterHeader(string Name, string Value, bool Base64 = false);

/// <summary>
/// A record that failed for good. <see cref="Topic"/>, <see cref="Partition"/> and <see cref="Offset"/> are where this
/// copy was consumed (for a replayed copy: the republished one); <see cref="ReplayOf"/> names the entry it replays.
/// </summary>
public sealed record DeadLetterFailure(
    string Topic,
    int Partition,
    long Offset,
    string ConsumerGroup,
    string DeadLetterTopic,
    string? Flow,
    string? Key,
    IReadOnlyList<DeadLetterHeader> Headers,
    byte[] Payload,
    string Reason,
    string ExceptionType,
    int Attempts,
    string? Workflow,
    Guid? InstanceId,
    DateTimeOffset FailedAt,
    long? ReplayOf = null);

/// <summary>A failure after the first, kept in the entry's history.</summary>
public sealed record DeadLetterHistoryItem(DateTimeOffset At, string Event, string? Reason, int? Attempts, string? By, int? Partition, long? Offset);

/// <summary>
/// An entry: the original record (where it was first consumed; key, headers and payload as consumed), its latest reason,
/// its attempts over every failure, and what was done about it. <see cref="Failures"/> counts the first failure and each
/// failed replay.
/// </summary>
public sealed record DeadLetterEntry(
    long Id,
    string Topic,
    int Partition,
    long Offset,
    string ConsumerGroup,
    string DeadLetterTopic,
    string? Flow,
    string? Key,
    IReadOnlyList<DeadLetterHeader> Headers,
    byte[] Payload,
    string Reason,
    string ExceptionType,
    int Attempts,
    int Failures,
    string? Workflow,
    Guid? InstanceId,
    DateTimeOffset FirstFailedAt,
    DateTimeOffset LastFailedAt,
    string Status,
    int Replays,
    DateTimeOffset? ReplayedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? DiscardedAt,
    string? DiscardedBy,
    string? DiscardReason,
    IReadOnlyList<DeadLetterHistoryItem> History);

/// <summary>
/// Filters of a dead-letter listing (all optional): the original topic, the flow, text in the reason (case-insensitive),
/// the status, and the last failure's time in [<see cref="From"/>, <see cref="To"/>).
/// </summary>
public sealed record DeadLetterQuery(string? Topic = null, string? Flow = null, string? ReasonContains = null, string? Status = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null);
