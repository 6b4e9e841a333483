namespace IntegrationHub.Connectors.Hosting.Tests.Registry;

/// <summary>A connector with a fixed shape (and no system behind it) for registry rules that need no I/O.</summary>
internal sealed class FixedConnector(string system, params EntityCapabilities[] entities) : IConnector, IChangeReader, IRecordLookup
{
    public string System => system;

    public IReadOnlyList<EntityCapabilities> Entities => entities;

    public Task<ConnectorHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => Task.FromResult(new ConnectorHealth(ConnectorHealthStatus.Healthy));

    public IAsyncEnumerable<ChangePage> ReadChangesAsync(string? cursor, CancellationToken cancellationToken = default) => AsyncEnumerable.Empty<ChangePage>();

    public Task<CanonicalRecord?> GetAsync(string externalId, CancellationToken cancellationToken = default) => Task.FromResult<CanonicalRecord?>(null);
}
