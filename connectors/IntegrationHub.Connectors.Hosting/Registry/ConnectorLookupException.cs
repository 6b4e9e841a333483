namespace IntegrationHub.Connectors.Hosting.Registry;

/// <summary>
/// A workflow or API asked for a connector, entity or capability the hub does not have. Permanent: retrying cannot
/// help until configuration or the workflow changes. The message lists what is available.
/// </summary>
public sealed class ConnectorLookupException(string message) : InvalidOperationException(message);
