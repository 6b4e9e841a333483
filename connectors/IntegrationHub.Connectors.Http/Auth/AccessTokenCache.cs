namespace IntegrationHub.Connectors.Http.Auth;

/// <summary>
/// Caches one access token: fetched on first use, renewed <c>refreshMargin</c> before it expires (at half its life when
/// it lives shorter than the margin), and renewed on demand when the vendor rejects it. Concurrent callers share one
/// fetch, and a rejection reported by several callers at once renews the token only once.
/// </summary>
public sealed class AccessTokenCache(Func<CancellationToken, Task<AccessToken>> fetch, TimeSpan refreshMargin, TimeProvider time)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile Entry? _current; // read without the lock: one reference, never a torn value

    /// <summary>A token that is not due for renewal, fetching one if needed.</summary>
    public Task<AccessToken> GetAsync(CancellationToken cancellationToken = default) => GetAsync(rejected: null, cancellationToken);

    /// <summary>
    /// A token other than <paramref name="rejected"/>: renews unless another caller already replaced the rejected token.
    /// </summary>
    public async Task<AccessToken> RenewAsync(AccessToken rejected, CancellationToken cancellationToken = default) =>
        await GetAsync(rejected, cancellationToken).ConfigureAwait(false);

    private async Task<AccessToken> GetAsync(AccessToken? rejected, CancellationToken cancellationToken)
    {
        if (Usable(_current, rejected) is { } fast)
        {
            return fast;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Usable(_current, rejected) is { } cached)
            {
                return cached;
            }

            var token = await fetch(cancellationToken).ConfigureAwait(false);
            var early = token.Lifetime > refreshMargin ? token.Lifetime - refreshMargin : token.Lifetime / 2;
            _current = new Entry(token, time.GetUtcNow() + early);
            return token;
        }
        finally
        {
            _lock.Release();
        }
    }

    private AccessToken? Usable(Entry? entry, AccessToken? rejected) =>
        entry is not null && time.GetUtcNow() < entry.RenewAt && !ReferenceEquals(entry.Token, rejected) ? entry.Token : null;

    private sealed record Entry(AccessToken Token, DateTimeOffset RenewAt);
}
