namespace IntegrationHub.Storage;

/// <summary>
/// One owner per workflow instance at a time: a lease is an owner id (the node) and an expiry, changed only by
/// atomic conditional updates. A crashed owner's lease expires and another node can take the instance over.
/// </summary>
public interface IWorkflowLeaseStore
{
    /// <summary>Takes the lease when nobody holds it or it expired before <paramref name="now"/>; false when another owner (or this one, for another operation) holds it.</summary>
    Task<bool> TryAcquireLeaseAsync(Guid instanceId, string owner, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Extends a lease <paramref name="owner"/> still holds; false when it was lost.</summary>
    Task<bool> RenewLeaseAsync(Guid instanceId, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up (only when <paramref name="owner"/> holds it).</summary>
    Task ReleaseLeaseAsync(Guid instanceId, string owner, CancellationToken cancellationToken = default);
}
