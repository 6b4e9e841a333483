using IntegrationHub.Connectors.Hosting.Activities;
using IntegrationHub.Connectors.Hosting.Plugins;
using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Connectors.Hosting.Status;
using IntegrationHub.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Connectors.Hosting;

public static class ConnectorHubServiceCollectionExtensions
{
    /// <summary>
    /// Registers the connector registry and status service, and loads the plugins under <c>Connectors:PluginsPath</c>
    /// now (each plugin registers its services into <paramref name="services"/>). Call it after the built-in connectors
    /// are registered; resolve <see cref="ConnectorRegistry"/> before starting to surface duplicate names.
    /// </summary>
    /// <exception cref="ConnectorPluginException">A plugin cannot be loaded or its registration failed.</exception>
    public static IServiceCollection AddConnectorHub(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConnectorHubOptions>().BindConfiguration(ConnectorHubOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConnectorRegistry>();
        services.TryAddSingleton<ConnectorStatusService>();
        services.TryAddSingleton<CursorLocks>();
        var path = configuration[ConnectorHubOptions.Section + ":" + nameof(ConnectorHubOptions.PluginsPath)];
        var plugins = string.IsNullOrWhiteSpace(path) ? [] : ConnectorPluginLoader.Load(path);
        var problems = new List<string>();
        foreach (var plugin in plugins)
        {
            try
            {
                plugin.Registration.Register(services, configuration);
            }
            catch (Exception ex)
            {
                problems.Add($"plugin '{plugin.Name}' ({plugin.Folder}): {plugin.Registration.GetType().FullName}.Register failed: {ex.GetType().Name}: {ex.Message}");
            }
        }

        if (problems.Count > 0)
        {
            throw new ConnectorPluginException(problems);
        }

        services.AddSingleton(new ConnectorPlugins(plugins));
        services.AddHostedService<ConnectorPluginStartupLog>();
        return services;
    }

    /// <summary>Adds the Connector.ReadChanges, Connector.Upsert, Connector.Get and Record.Observe activities to the engine.</summary>
    public static WorkflowEngineBuilder AddConnectorActivities(this WorkflowEngineBuilder engine) => engine
        .AddActivity<ReadChangesActivity>()
        .AddActivity<UpsertActivity>()
        .AddActivity<GetRecordActivity>()
        .AddActivity<ObserveActivity>()
        .AddActivity<QuarantineActivity>()
        .AddActivity<SetStatusActivity>();

    /// <summary>
    /// Publishes the change events Record.Observe queues (needs an <see cref="Messaging.IMessagePublisher"/>): the
    /// <see cref="RecordEventRelay"/> and the signal that wakes it.
    /// </summary>
    public static IServiceCollection AddRecordEventRelay(this IServiceCollection services)
    {
        services.AddSingleton<RecordEventSignal>();
        services.AddOptions<RecordOwnershipOptions>().BindConfiguration(RecordOwnershipOptions.Section);
        services.AddHostedService<RecordEventRelay>();
        return services;
    }
}
