namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>
/// Counts acknowledged output records and remembers when the first record was consumed and when the
/// <c>target</c>-th acknowledgement arrived: a successful acks=all confirmation means the record is in the output topic.
/// </summary>
internal sealed class AckClock(long target, TimeProvider time)
{
    private long _first;
    private long _acked;
    private long _done;

    public long? First => Interlocked.Read(ref _first) is var t and not 0 ? t : null;

    public long? Done => Interlocked.Read(ref _done) is var t and not 0 ? t : null;

    public long Acked => Interlocked.Read(ref _acked);

    public void Consumed() => Interlocked.CompareExchange(ref _first, time.GetTimestamp(), 0);

    public void Acknowledged()
    {
        if (Interlocked.Increment(ref _acked) == target)
        {
            Interlocked.Exchange(ref _done, time.GetTimestamp());
        }
    }

    /// <summary>Builds the result: ends at the last acknowledgement if it came, else when the watermark was last seen.</summary>
    public PhaseResult Result(string name, int total, long start, long outputCount, long watermarkSeen)
    {
        var end = Done ?? watermarkSeen;
        TimeSpan? steady = First is { } first ? time.GetElapsedTime(first, end) : null;
        return new PhaseResult(name, total, Math.Min(outputCount, total), time.GetElapsedTime(start, end), steady, outputCount < total);
    }
}
