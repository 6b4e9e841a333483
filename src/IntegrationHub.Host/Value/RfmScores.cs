namespace IntegrationHub.Host.Value;

/// <summary>Recency, frequency and monetary scores, 1 (worst fifth of the customer base) to 5 (best fifth).</summary>
public readonly record struct RfmScores(int Recency, int Frequency, int Monetary)
{
    /// <summary>As the CRM shows it, e.g. <c>R5 F4 M3</c>.</summary>
    public override string ToString() => $"R{Recency} F{Frequency} M{Monetary}";
}

/// <summary>
/// The quintile breakpoints of the customer base: for each measure the four values below which the lower fifths lie,
/// taken from the sorted values <c>v[0..n-1]</c> as <c>b_k = v[max(0, floor(k n / 5) - 1)]</c>, k = 1..4. A frequency or
/// monetary value scores 1 plus the number of breakpoints it exceeds; a recency (days since the last order, fewer is
/// better) scores 5 minus that number. Equal values always score the same. Kept with the values so that customers
/// recomputed between two nightly runs are scored against the same base.
/// </summary>
public sealed record RfmBreakpoints(decimal[] Recency, decimal[] Frequency, decimal[] Monetary, int Customers)
{
    public static readonly RfmBreakpoints Empty = new([0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], 0);

    public static RfmBreakpoints Of(IReadOnlyCollection<decimal> recency, IReadOnlyCollection<decimal> frequency, IReadOnlyCollection<decimal> monetary) =>
        new(Cuts(recency), Cuts(frequency), Cuts(monetary), recency.Count);

    public RfmScores Score(decimal recencyDays, decimal frequency, decimal monetary) =>
        new(5 - Above(Recency, recencyDays), 1 + Above(Frequency, frequency), 1 + Above(Monetary, monetary));

    private static int Above(decimal[] cuts, decimal value) => cuts.Count(c => value > c);

    private static decimal[] Cuts(IReadOnlyCollection<decimal> values)
    {
        if (values.Count == 0)
        {
            return [0, 0, 0, 0];
        }

        var sorted = values.Order().ToArray();
        return [.. Enumerable.Range(1, 4).Select(k => sorted[Math.Max(0, (k * sorted.Length / 5) - 1)])];
    }
}
