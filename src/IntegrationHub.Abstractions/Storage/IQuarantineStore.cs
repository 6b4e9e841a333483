using IntegrationHub.Connectors;

namespace IntegrationHub.Storage;

/// <summary>
/// Records a flow refused because their content is invalid: kept with every reason until a later version of the same
/// source record passes (released), never dropped and never retried on their own.
/// </summary>
public interface IQuarantineStore
{
    /// <summary>Quarantines the record for <paramref name="flow"/>, or updates its entry (reasons, version, payload, count).</summary>
    Task QuarantineAsync(string flow, CanonicalRecord record, IReadOnlyDictionary<string, string> reasons, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Releases the record's open entry for <paramref name="flow"/> (it passed); false when it had none.</summary>
    Task<bool> ReleaseAsync(string flow, RecordIdentity record, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Open entries (or also released ones), newest first.</summary>
    Task<IReadOnlyList<QuarantinedRecord>> ListAsync(QuarantineQuery query, CancellationToken cancellationToken = default);
}

/// <param name="Flow">The workflow (definition id) that refused it.</param>
/// <param name="Times">How often the record was refused.</param>
public sealed record QuarantinedRecord(long Id, string Flow, RecordIdentity Record, long SourceVersion, string PayloadJson,
    IReadOnlyDictionary<string, string> Reasons, int Times, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, DateTimeOffset? ReleasedAt);

public sealed record QuarantineQuery(string? Flow = null, string? Entity = null, bool IncludeReleased = false, int Limit = 100);
