namespace IntegrationHub.Connectors.Hosting.Registry;

/// <summary>The registered connectors cannot work together (duplicate or bad system names); the hub does not start.</summary>
public sealed class ConnectorRegistryException(IReadOnlyList<string> problems)
    : InvalidOperationException("Connectors: " + string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
