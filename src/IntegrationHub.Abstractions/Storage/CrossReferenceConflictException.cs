using IntegrationHub.Connectors;

namespace IntegrationHub.Storage;

/// <summary>An external id is already linked to another hub record; linking it again would merge two hub records.</summary>
public sealed class CrossReferenceConflictException(RecordIdentity record, Guid existingHubId, Guid requestedHubId)
    : InvalidOperationException($"{record} is already linked to hub id {existingHubId}; it cannot also be {requestedHubId}.")
{
    public RecordIdentity Record { get; } = record;

    public Guid ExistingHubId { get; } = existingHubId;

    public Guid RequestedHubId { get; } = requestedHubId;
}
