namespace IntegrationHub.Connectors;

/// <summary>Creates or updates records of one entity in a system, matched by the incoming record's identity (the sink side).</summary>
public interface IBatchUpserter
{
    /// <summary>
    /// Upserts <paramref name="records"/> and answers one <see cref="RecordUpsertResult"/> per record, in input order.
    /// </summary>
    /// <remarks>
    /// <para><b>Duplicates:</b> an upsert is idempotent. The target record is found by the incoming record's
    /// <see cref="CanonicalRecord.Identity"/> (cross-reference or an external-key field), so the same record sent twice
    /// updates one target record; a record whose <see cref="CanonicalRecord.SourceVersion"/> is lower than the version
    /// the target already holds is reported <see cref="RecordUpsertStatus.Skipped"/> and changes nothing.</para>
    /// <para><b>Per-record errors:</b> a failure that belongs to one record (validation, a missing reference, a conflict)
    /// is returned as that record's <see cref="RecordError"/> and the other records are still upserted.</para>
    /// <para><b>Whole-batch errors and retry:</b> a failure of the system itself (unreachable, throttled or failing
    /// past the HTTP pipeline's retries, open circuit, rejected credentials) is thrown as a
    /// <see cref="ConnectorTransientException"/> or <see cref="ConnectorPermanentException"/>. Some records may already
    /// have been written; the caller retries the whole batch, which is safe because upserts are idempotent.</para>
    /// <para><b>Cancellation:</b> throws <see cref="OperationCanceledException"/>; records already written stay written,
    /// and the batch is retried like a failed one.</para>
    /// </remarks>
    Task<IReadOnlyList<RecordUpsertResult>> UpsertAsync(IReadOnlyList<CanonicalRecord> records, CancellationToken cancellationToken = default);
}
