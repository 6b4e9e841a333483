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

    public void Accepted() => Interlocked.Increment(ref _accepted);
    public void Replayed() => Interlocked.Increment(ref _replayed);
    public void Rejected() => Interlocked.Increment(ref _rejected);
    public void Published() => Interlocked.Increment(ref _published);
    public void Delivered() => Interlocked.Increment(ref _delivered);
    public void Failed() => Interlocked.Increment(ref _failed);
    public void DeadLettered() => Interlocked.Increment(ref _deadLettered);

    public FlowSnapshot Snapshot() => new(
        Interlocked.Read(ref _accepted), Interlocked.Read(ref _replayed), Interlocked.Read(ref _rejected),
        Interlocked.Read(ref _published), Interlocked.Read(ref _delivered), Interlocked.Read(ref _failed),
        Interlocked.Read(ref _deadLettered));
}

/// <summary>A point-in-time copy of <see cref="FlowCounters"/>.</summary>
public sealed record FlowSnapshot(long Accepted, long Replayed, long Rejected, long Published, long Delivered, long Failed, long DeadLettered);
