using System.Reflection;
using IntegrationHub.Diagnostics;
using IntegrationHub.Host.Api.Contracts;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Http;
using IntegrationHub.Host.Security;
using IntegrationHub.Kafka;
using IntegrationHub.Storage;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Api;

/// <summary><c>GET /api/v1/system</c>: what this hub instance runs on.</summary>
internal static class SystemEndpoints
{
    private static readonly string Version =
        typeof(SystemEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static RouteGroupBuilder MapSystemEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/system", (IOptions<HubOptions> hub, StoreLocation store, KafkaConnection kafka,
            IConfiguration configuration, FlowCounters counters) => Results.Ok(new SystemInfo(
            Version,
            hub.Value.Demo ? "demo" : "production",
            new SystemStore(store.Provider, store.Describe()),
            new SystemKafka(kafka.BootstrapServers, kafka.Embedded, hub.Value.OrdersTopic),
            DevEnvironment(configuration.GetSection(DevEnvironmentSettings.Section), hub.Value.Demo),
            counters.Snapshot()))).WithName("GetSystem").RequireScope(Scopes.Admin).Answers<SystemInfo>();
        return api;
    }

    /// <summary>
    /// The dev environment this hub is pointed at (<c>Hub:DevEnvironmentFile</c>): its sandboxes' URLs, and in demo mode
    /// only their fault admin endpoints with keys (never logged; outside demo mode they are left out).
    /// </summary>
    private static SystemDevEnvironment DevEnvironment(IConfigurationSection section, bool demo)
    {
        var systems = section.GetSection("Systems").GetChildren().ToList();
        return new SystemDevEnvironment(
            systems.Count > 0,
            systems.ToDictionary(s => s.Key, s => s["BaseUrl"]),
            demo ? systems.ToDictionary(s => s.Key, s => s["AdminUrl"]) : null,
            demo ? section["AdminKeyHeader"] : null,
            demo ? systems.ToDictionary(s => s.Key, s => s["AdminKey"]) : null);
    }
}
