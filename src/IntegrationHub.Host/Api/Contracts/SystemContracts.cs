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

/// <summary><c>GET /api/v1/quarantine</c>: records flows refused as invalid, with every reason; <paramref name="NextPageToken"/> is empty on the last page.</summary>
internal sealed record QuarantineList(IEnumerable<QuarantineView> Records, string NextPageToken);

/// <param name="Status">open, released (a later version or a replay passed) or discarded (given up: <paramref name="Discarded"/>).</param>
internal sealed record QuarantineView(long Id, string Flow, QuarantineRecordId Record, IReadOnlyDictionary<string, string> Reasons, int Times,
    DateTimeOffset FirstSeen, DateTimeOffset LastSeen, DateTimeOffset? ReleasedAt, System.Text.Json.Nodes.JsonNode? Payload,
    string Status, int Replays, DateTimeOffset? LastReplayedAt, QuarantineDiscardView? Discarded)
{
    public static QuarantineView Of(QuarantinedRecord e) => new(e.Id, e.Flow, new QuarantineRecordId(e.Record.System, e.Record.Entity.Name, e.Record.ExternalId,
        e.SourceVersion), e.Reasons, e.Times, e.FirstSeen, e.LastSeen, e.ReleasedAt, System.Text.Json.Nodes.JsonNode.Parse(e.PayloadJson),
        e.Status.ToString().ToLowerInvariant(), e.Replays, e.LastReplayedAt, e.Discarded is { } d ? new QuarantineDiscardView(d.At, d.Reason, d.By) : null);
}

/// <param name="By">The API client id that discarded it.</param>
internal sealed record QuarantineDiscardView(DateTimeOffset At, string Reason, string By);

/// <summary>
/// <c>POST /api/v1/quarantine/{id}/replay</c> and <c>POST /api/v1/quarantine/replay</c>: the runs (one per flow) and, for
/// a bulk replay, the matching entries that could not be replayed and why.
/// </summary>
internal sealed record QuarantineReplayAnswer(IReadOnlyList<QuarantineReplayRunView> Runs, IReadOnlyList<QuarantineRefusal> Refused);

/// <param name="CorrelationId">The run's correlation id (find the instance with it while it runs).</param>
/// <param name="Status">The run's sub-status: Finished, Faulted, Suspended, Cancelled; Running when it had not ended within the wait; Failed when it could not run.</param>
/// <param name="Entries">The replayed entries as they stand: released when they passed, open with new reasons when refused again.</param>
internal sealed record QuarantineReplayRunView(string Flow, string CorrelationId, Guid? InstanceId, string Status, string? Error, IReadOnlyList<QuarantineView> Entries)
{
    public static QuarantineReplayRunView Of(Workflows.QuarantineReplayRun run) =>
        new(run.Flow, run.CorrelationId, run.InstanceId, run.Status, run.Error, [.. run.Entries.Select(QuarantineView.Of)]);
}

internal sealed record QuarantineRefusal(long Id, string Reason);

internal sealed record QuarantineRecordId(string System, string Entity, string ExternalId, long SourceVersion);

/// <summary><c>/health/live</c> and <c>/health/ready</c>: Healthy, Degraded or Unhealthy, with each check's.</summary>
internal sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, HealthCheckAnswer> Checks);

internal sealed record HealthCheckAnswer(string Status, string? Description);
