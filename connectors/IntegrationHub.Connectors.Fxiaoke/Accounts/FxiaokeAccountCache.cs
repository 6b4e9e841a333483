using System.Collections.Concurrent;

namespace IntegrationHub.Connectors.Fxiaoke.Accounts;

/// <summary>
/// ERP customer number -> CRM <c>AccountObj</c> id, remembered for <see cref="Lifetime"/> so a repeat customer's order
/// costs two calls (query order, create or update it) instead of three. That keeps the demo's default rate (2 orders/s)
/// within Fxiaoke's 60 calls per 20 s on each interface. An entry is dropped when an order write that used it fails, so
/// an account deleted or merged in the CRM is looked up again on the retry. Bounded: cleared when it grows past
/// <see cref="MaxEntries"/>.
/// </summary>
public sealed class FxiaokeAccountCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _accounts = new(StringComparer.Ordinal);

    public string? Get(string customerNumber) =>
        _accounts.TryGetValue(customerNumber, out var entry) && time.GetUtcNow() < entry.Until ? entry.AccountId : null;

    public void Set(string customerNumber, string accountId)
    {
        if (_accounts.Count >= MaxEntries)
        {
            _accounts.Clear();
        }

        _accounts[customerNumber] = new Entry(accountId, time.GetUtcNow() + Lifetime);
    }

    public void Forget(string customerNumber) => _accounts.TryRemove(customerNumber, out _);

    private sealed record Entry(string AccountId, DateTimeOffset Until);
}
