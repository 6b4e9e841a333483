using IntegrationHub.Host.Workflows;
using IntegrationHub.Workflows.Runtime;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Benchmarks.Micro;

/// <summary>The hub's workflow runtime as the host wires it (store in a SQLite file in <c>folder</c>, migrated; engine; run service), for in-process benchmarks.</summary>
internal static class HubWorkflowServices
{
    public static ServiceProvider Build(string folder, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Store:SqlitePath"] = Path.Combine(folder, "hub.db") };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddHubStore();
        services.AddHubWorkflowEngine();
        services.AddDurableWorkflows(background: false);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<SqliteMigrator>().MigrateAsync().GetAwaiter().GetResult();
        return provider;
    }
}
