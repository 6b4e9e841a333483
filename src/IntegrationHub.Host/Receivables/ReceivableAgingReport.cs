using IntegrationHub.Storage;

namespace IntegrationHub.Host.Receivables;

/// <summary>
/// Aging as of a date: per customer and currency the amounts due in each bucket, the total, the overdue part and the
/// oldest overdue invoice's days; totals per currency over all customers. Amounts stay in their currency (never
/// converted). Built from the aged receivables as the store streams them (memory grows with customers, not invoices).
/// </summary>
internal static class ReceivableAgingReport
{
    public static async Task<AgingReport> BuildAsync(IAsyncEnumerable<StoredReceivable> aged, DateOnly asOf, CancellationToken cancellationToken)
    {
        var perCustomer = new Dictionary<(Guid? Customer, string Currency), AgingLine>();
        var names = new Dictionary<Guid, string?>();
        await foreach (var r in aged.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!ReceivableAging.IsAged(r.Status, r.Due, r.DueDate))
            {
                continue;
            }

            var key = (r.CustomerHubId, r.Currency);
            if (!perCustomer.TryGetValue(key, out var line))
            {
                perCustomer[key] = line = new AgingLine(r.Currency);
            }

            line.Add(ReceivableAging.DaysPastDue(r.DueDate!.Value, asOf), r.Due);
            if (r.CustomerHubId is { } id)
            {
                names[id] = r.CustomerName ?? names.GetValueOrDefault(id);
            }
        }

        var customers = perCustomer.GroupBy(p => p.Key.Customer)
            .Select(g => new CustomerAging(g.Key, g.Key is { } id ? names.GetValueOrDefault(id) : null, [.. g.Select(p => p.Value).OrderBy(l => l.Currency, StringComparer.Ordinal)]))
            .OrderByDescending(c => c.Currencies.Sum(l => l.Overdue)).ThenBy(c => c.HubId)
            .ToList();
        var totals = perCustomer.Values.GroupBy(l => l.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var total = new AgingLine(g.Key);
            foreach (var line in g)
            {
                total.Merge(line);
            }

            return total;
        }).ToList();
        return new AgingReport(asOf, ReceivableAging.Tokens, customers, totals);
    }
}

public sealed record AgingReport(DateOnly AsOf, IReadOnlyList<string> Buckets, IReadOnlyList<CustomerAging> Customers, IReadOnlyList<AgingLine> Totals);

/// <param name="HubId">The hub customer (null: invoices that name no customer).</param>
public sealed record CustomerAging(Guid? HubId, string? Name, IReadOnlyList<AgingLine> Currencies);

/// <summary>One currency's aging: amount due per bucket token, total due, overdue (past due), invoices, oldest days past due.</summary>
public sealed class AgingLine(string currency)
{
    public string Currency { get; } = currency;

    public Dictionary<string, decimal> Buckets { get; } = ReceivableAging.Tokens.ToDictionary(t => t, _ => 0m);

    public decimal Total { get; private set; }

    public decimal Overdue { get; private set; }

    public int Invoices { get; private set; }

    public int OldestOverdueDays { get; private set; }

    public void Add(int daysPastDue, decimal due)
    {
        Buckets[ReceivableAging.Token(ReceivableAging.BucketOf(daysPastDue))] += due;
        Total += due;
        Invoices++;
        if (daysPastDue > 0)
        {
            Overdue += due;
            OldestOverdueDays = Math.Max(OldestOverdueDays, daysPastDue);
        }
    }

    public void Merge(AgingLine other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (token, amount) in other.Buckets)
        {
            Buckets[token] += amount;
        }

        Total += other.Total;
        Overdue += other.Overdue;
        Invoices += other.Invoices;
        OldestOverdueDays = Math.Max(OldestOverdueDays, other.OldestOverdueDays);
    }
}
