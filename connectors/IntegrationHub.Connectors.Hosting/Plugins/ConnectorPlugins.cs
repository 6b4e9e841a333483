namespace IntegrationHub.Connectors.Hosting.Plugins;

/// <summary>The plugins loaded at start (empty when <c>Connectors:PluginsPath</c> is not set).</summary>
public sealed record ConnectorPlugins(IReadOnlyList<LoadedConnectorPlugin> Loaded);
