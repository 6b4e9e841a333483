namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>
/// One measured phase. <see cref="Elapsed"/> runs from the phase start (first produce / subscribe / host start) to the
/// last acknowledgement; <see cref="Steady"/> from the first consumed record, so it leaves out the consumer-group join.
/// A result aggregated over rounds carries the range of <see cref="MainRate"/> in <see cref="Spread"/>.
/// </summary>
internal sealed record PhaseResult(string Name, int Target, long Completed, TimeSpan Elapsed, TimeSpan? Steady, bool TimedOut)
{
    public (double Min, double Max, int Rounds)? Spread { get; init; }

    public TimeSpan? Startup => Steady is { } steady ? Elapsed - steady : null;

    public double Rate => Completed / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public double? SteadyRate => SteadyOverride ?? (Steady is { } steady ? Completed / Math.Max(steady.TotalSeconds, 1e-9) : null);

    /// <summary>A steady rate measured another way (from the first output record, by watermark), when there is no consume clock.</summary>
    public double? SteadyOverride { get; init; }

    /// <summary>The rate a phase is compared by: after the first record when there is one, else from start.</summary>
    public double MainRate => SteadyRate ?? Rate;

    /// <summary>The median round (by <see cref="MainRate"/>), named after the rounds and carrying their range.</summary>
    public static PhaseResult Median(string name, IReadOnlyList<PhaseResult> rounds)
    {
        var sorted = rounds.OrderBy(r => r.MainRate).ToList();
        var median = sorted[(sorted.Count - 1) / 2];
        return median with
        {
            Name = rounds.Count == 1 ? name : $"{name} (median of {rounds.Count})",
            TimedOut = rounds.Any(r => r.TimedOut),
            Spread = (sorted[0].MainRate, sorted[^1].MainRate, rounds.Count),
        };
    }
}
