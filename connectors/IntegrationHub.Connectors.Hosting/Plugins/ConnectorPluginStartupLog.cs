using IntegrationHub.Connectors.Hosting.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Connectors.Hosting.Plugins;

/// <summary>Says at start which plugins were loaded and which connectors the hub has, so an operator can see both in the log.</summary>
internal sealed partial class ConnectorPluginStartupLog(ConnectorPlugins plugins, ConnectorRegistry registry, ILogger<ConnectorPluginStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var plugin in plugins.Loaded)
        {
            LogPlugin(logger, plugin.Name, plugin.Assembly.GetName().Name ?? "?", plugin.Folder);
        }

        foreach (var connector in registry.Connectors)
        {
            LogConnector(logger, connector.System, ConnectorRegistry.Origin(connector), string.Join(", ", connector.Entities.Select(e => e.Entity.Name)));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded connector plugin {Plugin} ({Assembly}) from {Folder}")]
    private static partial void LogPlugin(ILogger logger, string plugin, string assembly, string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {System} ({Source}): {Entities}")]
    private static partial void LogConnector(ILogger logger, string system, string source, string entities);
}
