namespace IntegrationHub.Diagnostics;

/// <summary>Process-wide counters for the order flow, shown by the demo console and the system API.</summary>
public sealed class FlowCounters
{
    private long _accepted;
    private long _replayed;
    private long _rejected;
    private long _published;
    private long _delivered;
    private long _failed;
    private long _deadLettered;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _deadLetteredByFlow = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Flow, string Partition), long> _lag = new();

    public void Accepted() => Interlocked.Increment(ref _accepted);
    public void Replayed() => Interlocked.Increment(ref _replayed);
    public void Rejected() => Interlocked.Increment(ref _rejected);
    public void Published() => Interlocked.Increment(ref _published);
    public void Delivered() => Interlocked.Increment(ref _delivered);
    public void Failed() => Interlocked.Increment(ref _failed);
    public void DeadLettered() => Interlocked.Increment(ref _deadLettered);

    /// <summary>A record of <paramref name="flow"/> (the workflow its consumer feeds, if any) went to its dead-letter topic.</summary>
    public void DeadLettered(string? flow)
    {
        DeadLettered();
        if (flow is not null)
        {
            _deadLetteredByFlow.AddOrUpdate(flow, 1, (_, n) => n + 1);
        }
    }

    /// <summary>Records dead-lettered for <paramref name="flow"/> since this process started.</summary>
    public long DeadLetteredOf(string flow) => _deadLetteredByFlow.GetValueOrDefault(flow);

    /// <summary>
    /// The consumer of <paramref name="flow"/> read a record of <paramref name="partition"/> with <paramref name="lag"/>
    /// records after it on that partition (the high watermark the client last saw, minus the next offset).
    /// </summary>
    public void ConsumerLag(string flow, string partition, long lag) => _lag[(flow, partition)] = Math.Max(0, lag);

    /// <summary>Records waiting on the flow's partitions this node read, as of the last record read from each; null when it read none.</summary>
    public long? ConsumerLagOf(string flow)
    {
        long? total = null;
        foreach (var ((f, _), lag) in _lag)
        {
            if (f == flow)
            {
                total = (total ?? 0) + lag;
            }
        }

        return total;
    }

    /// <summary>Every partition's lag as last seen: (flow, partition, records waiting).</summary>
    public IEnumerable<(string Flow, string Partition, long Lag)> ConsumerLags() => _lag.Select(e => (e.Key.Flow, e.Key.Partition, e.Value));

    public FlowSnapshot Snapshot() => new(
        Interlocked.Read(ref _accepted), Interlocked.Read(ref _replayed), Interlocked.Read(ref _rejected),
        Interlocked.Read(ref _published), Interlocked.Read(ref _delivered), Interlocked.Read(ref _failed),
        Interlocked.Read(ref _deadLettered));
}

/// <summary>A point-in-time copy of <see cref="FlowCounters"/>.</summary>
public sealed record FlowSnapshot(long Accepted, long Replayed, long Rejected, long Published, long Delivered, long Failed, long DeadLettered);
