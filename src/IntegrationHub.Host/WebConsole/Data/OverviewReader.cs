using IntegrationHub.Connectors;
using IntegrationHub.Diagnostics;
using IntegrationHub.Host.Http;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Catalog;

namespace IntegrationHub.Host.WebConsole.Data;

/// <summary>
/// What the overview shows, read in one go: each flow's instances started and faulted per minute over the last hour
/// (from the store, so every node's work counts), its consumer lag (as this node's consumer last saw it) and open dead
/// letters; instances by status and outbox backlogs (as <see cref="HubStateSampler"/> last sampled them); the connectors'
/// circuits. Two indexed queries per read; nothing here calls a vendor.
/// </summary>
internal sealed class OverviewReader(
    WorkflowCatalog catalog,
    HubStateSampler state,
    FlowCounters counters,
    IWorkflowInstanceStore instances,
    IDeadLetterStore deadLetters,
    IEnumerable<IConnectorCircuits> circuits,
    TimeProvider time)
{
    public const int Minutes = 60;

    public async Task<OverviewSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var first = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1 - Minutes);
        var perMinute = (await instances.CountPerMinuteAsync(first, cancellationToken)).ToLookup(m => m.DefinitionId, StringComparer.Ordinal);
        var letters = await deadLetters.CountByStatusAsync(cancellationToken);
        var sampled = state.Last;
        var byStatus = sampled.Instances.ToLookup(i => i.DefinitionId, StringComparer.Ordinal);

        var flows = new List<FlowOverview>();
        foreach (var (definitionId, versions) in catalog.Definitions.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var started = new long[Minutes];
            var faulted = new long[Minutes];
            foreach (var minute in perMinute[definitionId])
            {
                var index = (int)((minute.Minute - first).Ticks / TimeSpan.TicksPerMinute);
                if (index is >= 0 and < Minutes)
                {
                    started[index] += minute.Started;
                    faulted[index] += minute.Faulted;
                }
            }

            flows.Add(new FlowOverview(definitionId, versions.Keys.Max(), catalog.IsRetired(definitionId),
                [.. versions.Values.Last().Workflow.Definition.Triggers.Select(t => t.Type)], started, faulted,
                counters.ConsumerLagOf(definitionId),
                letters.Where(l => l.Flow == definitionId && l.Status == DeadLetterStatus.Open).Sum(l => l.Count),
                byStatus[definitionId].ToDictionary(i => i.SubStatus, i => i.Count, StringComparer.Ordinal)));
        }

        return new OverviewSnapshot(now, first, flows,
            sampled.Instances.GroupBy(i => i.SubStatus, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(i => i.Count), StringComparer.Ordinal),
            sampled.Outboxes,
            letters.Where(l => l.Status == DeadLetterStatus.Open).Sum(l => l.Count),
            [.. circuits.SelectMany(c => c.GetAll()).OrderBy(c => c.Connector, StringComparer.Ordinal)]);
    }
}

/// <summary>The overview at <see cref="At"/>; per-minute arrays start at <see cref="FirstMinute"/> (UTC).</summary>
internal sealed record OverviewSnapshot(
    DateTimeOffset At,
    DateTimeOffset FirstMinute,
    IReadOnlyList<FlowOverview> Flows,
    IReadOnlyDictionary<string, long> InstancesByStatus,
    IReadOnlyList<OutboxBacklog> Outboxes,
    long OpenDeadLetters,
    IReadOnlyList<ConnectorCircuitSnapshot> Circuits);

/// <summary>One flow on the overview: its instances started and faulted in each of the last 60 minutes, lag, open dead letters, instances by status.</summary>
internal sealed record FlowOverview(
    string Flow,
    int Version,
    bool Retired,
    IReadOnlyList<string> Triggers,
    long[] StartedPerMinute,
    long[] FaultedPerMinute,
    long? ConsumerLag,
    long OpenDeadLetters,
    IReadOnlyDictionary<string, long> Instances)
{
    public long StartedLastHour => StartedPerMinute.Sum();

    public long FaultedLastHour => FaultedPerMinute.Sum();
}
