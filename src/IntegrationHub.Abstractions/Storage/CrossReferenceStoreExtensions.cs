using IntegrationHub.Connectors;
using IntegrationHub.Identity;

namespace IntegrationHub.Storage;

public static class CrossReferenceStoreExtensions
{
    /// <summary>
    /// The hub id of a system's record: the one it is linked to, else the one derived from its identity
    /// (<see cref="HubIds.For"/>), which is what the first link will record.
    /// </summary>
    public static async Task<Guid> HubIdOfAsync(this ICrossReferenceStore store, RecordIdentity record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.FindHubIdAsync(record, cancellationToken).ConfigureAwait(false)
            ?? HubIds.For(record.System, record.Entity.Name, record.ExternalId);
    }
}
