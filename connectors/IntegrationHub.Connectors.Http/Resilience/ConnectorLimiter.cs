using System.Threading.RateLimiting;
using IntegrationHub.Connectors.Http.Options;
using Polly;

namespace IntegrationHub.Connectors.Http.Resilience;

/// <summary>
/// The connector's concurrency limit chained with its sliding-window rate limit, which is one window (and one concurrency
/// limit) for the whole connector or, with <see cref="ConnectorLimitOptions.PerPath"/>, one per request path (a vendor
/// that limits each interface separately). The one exception to "time only through <see cref="TimeProvider"/>": System.Threading.RateLimiting
/// measures its window with its own clock (even a manual <c>TryReplenish</c> checks the real elapsed time), so the window
/// slides in real time.
/// </summary>
internal sealed class ConnectorLimiter : IDisposable
{
    private const string WholeConnector = "";
    private readonly PartitionedRateLimiter<string> _concurrencyPartition;
    private readonly PartitionedRateLimiter<string>? _rate;
    private readonly PartitionedRateLimiter<string>? _daily;
    private readonly bool _perPath;
    private readonly ConnectorLimitOptions _options;

    public ConnectorLimiter(ConnectorLimitOptions options)
    {
        _perPath = options.PerPath;
        _options = options;
        var concurrency = new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrency,
            QueueLimit = options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        };

        // Partitions are created by the factories (an idle partition may be dropped and created afresh: it holds no permits).
        // Per path, concurrency is per path too: a call queued for one interface's window holds a turn of that interface
        // only, so the others' calls (a create after a query) still go out while it waits.
        _concurrencyPartition = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetConcurrencyLimiter(key, _ => concurrency));
        if (options.PermitLimit > 0)
        {
            var window = new SlidingWindowRateLimiterOptions
            {
                PermitLimit = options.PermitLimit,
                Window = options.Window,
                SegmentsPerWindow = options.SegmentsPerWindow,
                QueueLimit = options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            };
            _rate = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => window));
        }

        if (options.DailyPermitLimit > 0)
        {
            // A daily cap is connector-wide (one tenant), whatever PerPath says: every key shares one rolling 24-hour window.
            var day = new SlidingWindowRateLimiterOptions
            {
                PermitLimit = options.DailyPermitLimit,
                Window = TimeSpan.FromDays(1),
                SegmentsPerWindow = 24,
                QueueLimit = 0,
                AutoReplenishment = true,
            };
            _daily = PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetSlidingWindowLimiter(WholeConnector, _ => day));
        }

        // Concurrency first: the rate permits are spent right before the request goes out.
        PartitionedRateLimiter<string>[] chain = [_concurrencyPartition, .. new[] { _rate, _daily }.OfType<PartitionedRateLimiter<string>>()];
        Limiter = chain.Length == 1 ? _concurrencyPartition : PartitionedRateLimiter.CreateChained(chain);
    }

    /// <summary>Permits left now in the connector-wide windows (the rate window only when it is not kept per path).</summary>
    public Telemetry.ConnectorHeadroom Headroom() => new(
        _rate is not null && !_perPath ? _rate.GetStatistics(WholeConnector)?.CurrentAvailablePermits : null, _options.PermitLimit, _options.Window,
        _daily?.GetStatistics(WholeConnector)?.CurrentAvailablePermits, _options.DailyPermitLimit);

    /// <summary>Takes permits by partition key; see <see cref="KeyOf"/>.</summary>
    public PartitionedRateLimiter<string> Limiter { get; }

    /// <summary>One permit for the request of a pipeline call (by <see cref="KeyOf"/>), waiting in the limiter's queue.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(ResilienceContext context) =>
        Limiter.AcquireAsync(KeyOf(context.GetRequestMessage()), 1, context.CancellationToken);

    /// <summary>The rate partition of a request: its path when limits are per path, else the whole connector.</summary>
    public string KeyOf(HttpRequestMessage? request) => _perPath ? ConnectorRequests.PathOf(request) : WholeConnector;

    public void Dispose()
    {
        if (!ReferenceEquals(Limiter, _concurrencyPartition))
        {
            Limiter.Dispose();
        }

        _rate?.Dispose();
        _daily?.Dispose();
        _concurrencyPartition.Dispose();
    }
}
