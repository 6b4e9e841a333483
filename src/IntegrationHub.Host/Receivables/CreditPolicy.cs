using System.Globalization;

namespace IntegrationHub.Host.Receivables;

/// <summary>A customer's credit standing from its aging lines (one per currency), by <see cref="CreditOptions"/>.</summary>
public static class CreditPolicy
{
    public const string Ok = "ok";
    public const string Watch = "watch";
    public const string Hold = "hold";

    public static string Evaluate(IReadOnlyCollection<AgingLine> lines, CreditOptions options)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(options);
        static bool Reaches(AgingLine line, int days, Dictionary<string, decimal> amounts) =>
            line.Overdue > 0 && (line.OldestOverdueDays >= days || (amounts.TryGetValue(line.Currency, out var limit) && line.Overdue >= limit));

        return lines.Any(l => Reaches(l, options.HoldAfterDays, options.HoldAmounts)) ? Hold
            : lines.Any(l => Reaches(l, options.WatchAfterDays, options.WatchAmounts)) ? Watch
            : Ok;
    }

    /// <summary>The overdue amounts as one text, per currency in code order, e.g. <c>CNY 1200.00; USD 40.00</c> (empty: nothing overdue).</summary>
    public static string OverdueText(IEnumerable<AgingLine> lines) =>
        string.Join("; ", lines.Where(l => l.Overdue > 0).OrderBy(l => l.Currency, StringComparer.Ordinal)
            .Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Currency} {l.Overdue}")));
}
