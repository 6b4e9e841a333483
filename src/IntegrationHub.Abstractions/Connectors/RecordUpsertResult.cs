namespace IntegrationHub.Connectors;

/// <summary>What happened to one record of an upsert batch.</summary>
public enum RecordUpsertStatus
{
    Created,
    Updated,

    /// <summary>The target already holds this or a newer source version; nothing was written.</summary>
    Skipped,

    /// <summary>The record was not written; see <see cref="RecordUpsertResult.Error"/>.</summary>
    Failed,

    /// <summary>The hub's last write to this target had the same content hash: not sent.</summary>
    Unchanged,

    /// <summary>The hub's last write to this target came from a newer version of the same source record: not sent.</summary>
    Stale,
}

/// <summary>
/// The outcome of one record: its id in the target system, or the error that belongs to it.
/// </summary>
/// <param name="Record">The identity of the incoming record this answers.</param>
/// <param name="Status">What happened.</param>
/// <param name="TargetId">The record's id in the connector's system; <see langword="null"/> only when <see cref="Status"/> is <see cref="RecordUpsertStatus.Failed"/>.</param>
/// <param name="Error">Why the record failed; <see langword="null"/> otherwise.</param>
public sealed record RecordUpsertResult(RecordIdentity Record, RecordUpsertStatus Status, string? TargetId, RecordError? Error = null)
{
    public bool Succeeded => Error is null;

    public static RecordUpsertResult Ok(RecordIdentity record, string targetId, RecordUpsertStatus status) => new(record, status, targetId);

    public static RecordUpsertResult Failed(RecordError error) => new(error.Record, RecordUpsertStatus.Failed, null, error);
}
