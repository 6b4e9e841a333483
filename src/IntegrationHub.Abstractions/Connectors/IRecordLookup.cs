namespace IntegrationHub.Connectors;

/// <summary>Reads one record of one entity by its id in the connector's system.</summary>
public interface IRecordLookup
{
    /// <summary>
    /// The current version of the record with <paramref name="externalId"/>, or <see langword="null"/> when the system
    /// has no such record. Safe to retry: it only reads. Failures are thrown as <see cref="ConnectorTransientException"/> or
    /// <see cref="ConnectorPermanentException"/>; cancellation as <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<CanonicalRecord?> GetAsync(string externalId, CancellationToken cancellationToken = default);
}
