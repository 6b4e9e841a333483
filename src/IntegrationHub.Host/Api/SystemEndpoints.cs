using System.Reflection;
using IntegrationHub.Diagnostics;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Security;
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
            devEnvironment = DevEnvironment(configuration.GetSection(DevEnvironmentSettings.Section), hub.Value.Demo),
            flow = counters.Snapshot(),
        })).WithName("GetSystem").RequireScope(Scopes.Admin);
        return api;
    }

    /// <summary>
    /// The dev environment this hub is pointed at (<c>Hub:DevEnvironmentFile</c>): its sandboxes' URLs, and in demo mode
    /// only their fault admin endpoints with keys (never logged; outside demo mode they are left out).
    /// </summary>
    private static object DevEnvironment(IConfigurationSection section, bool demo)
    {
        var systems = section.GetSection("Systems").GetChildren().ToList();
        return new
        {
            enabled = systems.Count > 0,
            baseUrls = systems.ToDictionary(s => s.Key, s => s["BaseUrl"]),
            adminUrls = demo ? systems.ToDictionary(s => s.Key, s => s["AdminUrl"]) : null,
            adminKeyHeader = demo ? section["AdminKeyHeader"] : null,
            adminKeys = demo ? systems.ToDictionary(s => s.Key, s => s["AdminKey"]) : null,
        };
    }
}
