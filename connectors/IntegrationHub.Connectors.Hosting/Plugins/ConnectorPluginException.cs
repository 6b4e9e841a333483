namespace IntegrationHub.Connectors.Hosting.Plugins;

/// <summary>One or more connector plugins cannot be loaded; each problem names its plugin. The hub does not start.</summary>
public sealed class ConnectorPluginException(IReadOnlyList<string> problems)
    : InvalidOperationException("Connector plugins: " + string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
