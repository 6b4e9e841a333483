using IntegrationHub.Connectors.Hosting.Status;
using IntegrationHub.Diagnostics;
using IntegrationHub.Storage;

namespace IntegrationHub.Host.Api.Contracts;

/// <summary><c>GET /api/v1/system</c>: what this hub instance runs on.</summary>
internal sealed record SystemInfo(string Version, string Mode, SystemStore Store, SystemKafka Kafka, SystemDevEnvironment DevEnvironment, FlowSnapshot Flow);

/// <param name="Path">The SQLite file, or <c>postgresql://host:port/database</c> (never credentials).</param>
internal sealed record SystemStore(string Provider, string Path);

internal sealed record SystemKafka(string BootstrapServers, bool Embedded, string OrdersTopic);

/// <param name="AdminUrls">The sandboxes' fault admin endpoints, in demo mode only (else null), as <see cref="AdminKeys"/>.</param>
internal sealed record SystemDevEnvironment(bool Enabled, IReadOnlyDictionary<string, string?> BaseUrls, IReadOnlyDictionary<string, string?>? AdminUrls,
    string? AdminKeyHeader, IReadOnlyDictionary<string, string?>? AdminKeys);

/// <summary><c>GET /api/v1/connectors</c>.</summary>
internal sealed record ConnectorList(IReadOnlyList<ConnectorStatus> Connectors);

/// <summary><c>GET /api/v1/quarantine</c>: records flows refused as invalid, with every reason.</summary>
internal sealed record QuarantineList(IEnumerable<QuarantineView> Records);

internal sealed record QuarantineView(long Id, string Flow, QuarantineRecordId Record, IReadOnlyDictionary<string, string> Reasons, int Times,
    DateTimeOffset FirstSeen, DateTimeOffset LastSeen, DateTimeOffset? ReleasedAt, System.Text.Json.Nodes.JsonNode? Payload)
{
    public static QuarantineView Of(QuarantinedRecord e) => new(e.Id, e.Flow, new QuarantineRecordId(e.Record.System, e.Record.Entity.Name, e.Record.ExternalId,
        e.SourceVersion), e.Reasons, e.Times, e.FirstSeen, e.LastSeen, e.ReleasedAt, System.Text.Json.Nodes.JsonNode.Parse(e.PayloadJson));
}

internal sealed record QuarantineRecordId(string System, string Entity, string ExternalId, long SourceVersion);

/// <summary><c>/health/live</c> and <c>/health/ready</c>: Healthy, Degraded or Unhealthy, with each check's.</summary>
internal sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, HealthCheckAnswer> Checks);

internal sealed record HealthCheckAnswer(string Status, string? Description);
