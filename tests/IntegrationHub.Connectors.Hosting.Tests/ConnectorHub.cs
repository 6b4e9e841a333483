using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Sqlite;
using IntegrationHub.Testing;
using IntegrationHub.Workflows;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Hosting.Tests;

/// <summary>
/// The hub's connector side as the host composes it: configuration, the SQLite store (a real file, migrated), the
/// workflow engine with the Connector.* activities, the connector registry and plugins, plus whatever a test registers.
/// </summary>
internal sealed class ConnectorHub : IAsyncDisposable
{
    private readonly TempDirectory _dir;

    private ConnectorHub(ServiceProvider services, TempDirectory dir)
    {
        Services = services;
        _dir = dir;
    }

    public ServiceProvider Services { get; }

    public ConnectorRegistry Registry => Services.GetRequiredService<ConnectorRegistry>();

    public WorkflowEngine Engine => Services.GetRequiredService<WorkflowEngine>();

    public ICrossReferenceStore CrossReferences => Services.GetRequiredService<ICrossReferenceStore>();

    public IConnectorCursorStore Cursors => Services.GetRequiredService<IConnectorCursorStore>();

    /// <summary>The folder the test build copies the sample plugin into (one subfolder, <c>sample</c>).</summary>
    public static string BuiltPlugins => Path.Combine(AppContext.BaseDirectory, "plugins");

    public static async Task<ConnectorHub> StartAsync(Action<IServiceCollection>? register = null, IDictionary<string, string?>? settings = null)
    {
        var dir = new TempDirectory();
        var values = new Dictionary<string, string?> { ["Store:SqlitePath"] = dir.File("hub.db") };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddHubStore();
        services.AddWorkflowEngine().AddConnectorActivities();
        register?.Invoke(services);
        services.AddConnectorHub(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            await provider.GetRequiredService<SqliteMigrator>().MigrateAsync();
        }
        catch
        {
            await provider.DisposeAsync();
            dir.Dispose();
            throw;
        }

        return new ConnectorHub(provider, dir);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
