using System.Reflection;
using IntegrationHub.Diagnostics;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Demo;
using IntegrationHub.Kafka;
using IntegrationHub.Sandbox.Faults;
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
            SandboxSystems sandbox, FlowCounters counters) => Results.Ok(new
        {
            version = Version,
            mode = hub.Value.Demo ? "demo" : "production",
            store = new { provider = store.Value.Provider.ToLowerInvariant(), path = sqlite.FullPath },
            kafka = new { bootstrapServers = kafka.BootstrapServers, embedded = kafka.Embedded, ordersTopic = hub.Value.OrdersTopic },
            sandbox = new { enabled = sandbox.Running, baseUrls = sandbox.BaseUrls, adminUrls = sandbox.AdminUrls, adminKeyHeader = SandboxFaults.AdminKeyHeader, adminKeys = sandbox.AdminKeys },
            flow = counters.Snapshot(),
        })).WithName("GetSystem");
        return api;
    }
}
