using System.Reflection;
using IntegrationHub.Diagnostics;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Kafka;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Api;

/// <summary><c>GET /api/v1/system</c>: what this hub instance runs on.</summary>
internal static class SystemEndpoints
{
    private static readonly string Version =
        typeof(SystemEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static RouteGroupBuilder MapSystemEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/system", (IOptions<HubOptions> hub, IOptions<StoreOptions> store, SqliteConnectionFactory sqlite, KafkaConnection kafka,
            IConfiguration configuration, FlowCounters counters) => Results.Ok(new
        {
            version = Version,
            mode = hub.Value.Demo ? "demo" : "production",
            store = new { provider = store.Value.Provider.ToLowerInvariant(), path = sqlite.FullPath },
            kafka = new { bootstrapServers = kafka.BootstrapServers, embedded = kafka.Embedded, ordersTopic = hub.Value.OrdersTopic },
            devEnvironment = DevEnvironment(configuration.GetSection(DevEnvironmentSettings.Section)),
            flow = counters.Snapshot(),
        })).WithName("GetSystem");
        return api;
    }

    /// <summary>The dev environment this hub is pointed at (<c>Hub:DevEnvironmentFile</c>): its sandboxes' URLs and fault admin endpoints with their keys (shown to authenticated callers only, never logged).</summary>
    private static object DevEnvironment(IConfigurationSection section)
    {
        var systems = section.GetSection("Systems").GetChildren().ToList();
        return new
        {
            enabled = systems.Count > 0,
            baseUrls = systems.ToDictionary(s => s.Key, s => s["BaseUrl"]),
            adminUrls = systems.ToDictionary(s => s.Key, s => s["AdminUrl"]),
            adminKeyHeader = section["AdminKeyHeader"],
            adminKeys = systems.ToDictionary(s => s.Key, s => s["AdminKey"]),
        };
    }
}
