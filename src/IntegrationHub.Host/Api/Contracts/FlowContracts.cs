using IntegrationHub.Connectors.Hosting.Activities;
using IntegrationHub.Host.Workflows;

namespace IntegrationHub.Host.Api.Contracts;

/// <summary><c>GET /api/v1/flows</c>: every loaded flow, with counters since <see cref="Since"/> (this node's start).</summary>
internal sealed record FlowList(DateTimeOffset Since, IReadOnlyList<FlowView> Flows);

/// <param name="Records">Record counters by outcome (read, changed, unchanged, stale, upserted, failed, quarantined, ...).</param>
/// <param name="ConsumerLag">Records waiting on a Kafka-triggered flow's partitions, as of the last record read; null otherwise.</param>
/// <param name="Parked">Suspended instances waiting for an event, by event name.</param>
/// <param name="Instances">Stored instances by sub-status.</param>
internal sealed record FlowView(string Flow, int Version, bool Retired, IEnumerable<string> Triggers, IReadOnlyDictionary<string, long> Records,
    long DeadLettered, long? ConsumerLag, IReadOnlyDictionary<string, long> Parked, IReadOnlyDictionary<string, long> Instances,
    IEnumerable<FlowCursor> Cursors, BackfillView? Backfill);

/// <param name="LagSeconds">Seconds since a read last reached the end of the source's changes; null before one did on this node.</param>
internal sealed record FlowCursor(string Key, string Cursor, DateTimeOffset UpdatedAt, double AgeSeconds, DateTimeOffset? CaughtUpAt, double? LagSeconds);

/// <param name="State">queued, running, finished or failed.</param>
internal sealed record BackfillView(string Flow, DateTimeOffset? From, string State, DateTimeOffset RequestedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt, Guid? InstanceId, IEnumerable<string> Cursors, long ReadSinceRequest, string? Error)
{
    public static BackfillView Of(Backfill b, FlowStatistics statistics) => new(b.Flow, b.From, b.State.ToString().ToLowerInvariant(), b.RequestedAt,
        b.StartedAt, b.FinishedAt, b.InstanceId, b.Cursors.Select(c => c[(b.Flow.Length + 1)..]),
        statistics.Of(b.Flow).GetValueOrDefault("read") - b.ReadAtRequest, b.Error);
}
