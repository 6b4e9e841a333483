namespace IntegrationHub.Connectors;

/// <summary>What a connector can do with one canonical entity; a <see langword="null"/> capability is not supported.</summary>
public sealed record EntityCapabilities(
    CanonicalEntity Entity,
    IChangeReader? Reader = null,
    IBatchUpserter? Upserter = null,
    IRecordLookup? Lookup = null)
{
    /// <summary>Moves records through the system's document statuses (e.g. an ERP's submit and approve), or null.</summary>
    public IStatusChanger? StatusChanger { get; init; }
}
