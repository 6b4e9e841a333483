using System.Threading.RateLimiting;
using IntegrationHub.Connectors.Http.Options;

namespace IntegrationHub.Connectors.Http.Resilience;

/// <summary>
/// The connector's concurrency limit chained with its sliding-window rate limit. The one exception to "time only through
/// <see cref="TimeProvider"/>": System.Threading.RateLimiting measures its window with its own clock (even a manual
/// <c>TryReplenish</c> checks the real elapsed time), so the window slides in real time.
/// </summary>
internal sealed class ConnectorLimiter : IDisposable
{
    private readonly ConcurrencyLimiter _concurrency;
    private readonly SlidingWindowRateLimiter? _rate;

    public ConnectorLimiter(ConnectorLimitOptions options)
    {
        _concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrency,
            QueueLimit = options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        if (options.PermitLimit > 0)
        {
            _rate = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = options.PermitLimit,
                Window = options.Window,
                SegmentsPerWindow = options.SegmentsPerWindow,
                QueueLimit = options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }

        // Concurrency first: the rate permit is spent right before the request goes out.
        Limiter = _rate is null ? _concurrency : RateLimiter.CreateChained(_concurrency, _rate);
    }

    public RateLimiter Limiter { get; }

    public void Dispose()
    {
        if (!ReferenceEquals(Limiter, _concurrency))
        {
            Limiter.Dispose();
        }

        _rate?.Dispose();
        _concurrency.Dispose();
    }
}
