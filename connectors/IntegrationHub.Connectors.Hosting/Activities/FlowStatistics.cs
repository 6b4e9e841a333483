using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace IntegrationHub.Connectors.Hosting.Activities;

/// <summary>
/// Records per flow (workflow definition) since this process started, counted by the connector and record activities:
/// read, changed, unchanged, stale, upserted, failed, quarantined, and fields ignored under the ownership rules.
/// Per node and in memory: <c>GET /api/v1/flows</c> adds the store's durable figures (instances, cursors).
/// </summary>
public sealed class FlowStatistics
{
    /// <summary>The meter the counters are also published on (<c>hub.flow.records</c>, by flow and outcome).</summary>
    public const string MeterName = "IntegrationHub.Flows";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Records = Meter.CreateCounter<long>("hub.flow.records", unit: "{record}", description: "Records handled by flow and outcome (read, changed, unchanged, stale, upserted, failed, quarantined, ...).");

    public static readonly string[] Names = ["read", "changed", "unchanged", "stale", "upserted", "failed", "quarantined", "ignoredFields", "echoes"];
    private readonly ConcurrentDictionary<string, long[]> _flows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _caughtUp = new(StringComparer.Ordinal);

    public FlowStatistics(TimeProvider time) => Since = time.GetUtcNow();

    /// <summary>When counting started (this process's start).</summary>
    public DateTimeOffset Since { get; }

    public void Add(string flow, string counter, long amount = 1)
    {
        var index = Array.IndexOf(Names, counter);
        if (index < 0 || amount == 0)
        {
            return;
        }

        Interlocked.Add(ref _flows.GetOrAdd(flow, _ => new long[Names.Length])[index], amount);
        Records.Add(amount, new KeyValuePair<string, object?>("flow", flow), new KeyValuePair<string, object?>("outcome", counter));
    }

    /// <summary>A read of <paramref name="cursorKey"/> reached the end of the source's changes at <paramref name="at"/>.</summary>
    public void CaughtUp(string cursorKey, DateTimeOffset at) => _caughtUp[cursorKey] = at;

    /// <summary>
    /// When a read of <paramref name="cursorKey"/> last reached the end of the source's changes (on this node, since it
    /// started): the flow's lag is the time since then, as the targets hold at least everything changed before it.
    /// </summary>
    public DateTimeOffset? CaughtUpAt(string cursorKey) => _caughtUp.TryGetValue(cursorKey, out var at) ? at : null;

    /// <summary>The counters of <paramref name="flow"/> by name (all zero when it counted nothing yet).</summary>
    public IReadOnlyDictionary<string, long> Of(string flow)
    {
        var values = _flows.TryGetValue(flow, out var v) ? v : new long[Names.Length];
        return Names.Select((name, i) => (name, value: Interlocked.Read(ref values[i]))).ToDictionary(p => p.name, p => p.value, StringComparer.Ordinal);
    }
}
