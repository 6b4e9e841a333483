using IntegrationHub.Connectors;

namespace IntegrationHub.Host.Tests.Workflows;

/// <summary>A connector that only has a name: enough for the registry of names the workflow loader checks against.</summary>
internal sealed class NamedConnector(string system) : IConnector
{
    public string System { get; } = system;

    public IReadOnlyList<EntityCapabilities> Entities { get; } = [];

    public Task<ConnectorHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new ConnectorHealth(ConnectorHealthStatus.Healthy));
}
