using IntegrationHub.Connectors.Http.Options;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace IntegrationHub.Connectors.Http.Resilience;

/// <summary>
/// One connector's resilience, built on Microsoft.Extensions.Http.Resilience: <see cref="Configure"/> fills the pipeline
/// of the connector's <c>AddResilienceHandler</c> (outermost first) with the first permit's admission (outside every
/// timeout), the overall timeout, the retry (<see cref="HttpRetryStrategyOptions"/>: exponential backoff with jitter,
/// <c>Retry-After</c> honoured), the circuit breaker, the limiter (every attempt's permit) and the attempt timeout. The
/// limiter and the circuit's state live here, once per connector, shared by its clients (the connector's own and its
/// token client) and by every handler chain the factory recycles. Custom strategies are only what the library lacks:
/// the per-path rate windows with their admission.
/// </summary>
internal sealed partial class ConnectorPipeline : IDisposable
{
    private readonly ConnectorLimiter _limiter;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _circuitClaimed;

    public ConnectorPipeline(string connector, ConnectorHttpOptions options, TimeProvider time, ILogger logger)
    {
        Connector = connector;
        Options = options;
        _time = time;
        _logger = logger;
        _limiter = new ConnectorLimiter(options.Limits);
    }

    /// <summary>
    /// Adds the connector's strategies to a pipeline of <c>AddResilienceHandler</c>. The connector's own client
    /// (<paramref name="reportsCircuit"/>) reports its circuit through <see cref="CircuitState"/>; a token client's pipeline
    /// has a breaker of its own (a state provider serves one breaker).
    /// </summary>
    public void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, bool reportsCircuit)
    {
        var connector = Connector;
        var logger = _logger;
        var time = _time;
        var retry = Options.Retry;
        var breaker = Options.CircuitBreaker;
        builder.TimeProvider = time;

        // The first attempt's rate permit is waited for before the total timeout starts (queueing for the vendor's budget
        // is backpressure, not a slow vendor); retries take theirs inside, as any attempt.
        builder.AddStrategy(_ => new RateLimitAdmissionStrategy(_limiter), new RateLimitAdmissionStrategyOptions())
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = Options.Timeout, Name = "Total" });
        if (retry.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                // Retry-After (seconds or an HTTP-date) wins over the computed backoff; ShouldRetry already refused waits above MaxRetryAfter.
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(
                    HttpOutcomes.ShouldRetry(args.Outcome, args.Context.GetRequestMessage(), retry.MaxRetryAfter, time)),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    // Polly numbers retries from 0, so the first retry is the call's attempt 2 (as the per-attempt log counts).
                    LogRetry(logger, connector, request?.Method.Method, ConnectorRequests.PathOf(request), args.AttemptNumber + 2,
                        (int?)args.Outcome.Result?.StatusCode, args.Outcome.Exception?.GetType().Name, args.RetryDelay.TotalMilliseconds);
                    args.Outcome.Result?.Dispose(); // the discarded answer's connection goes back to the pool
                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = breaker.FailureRatio,
            MinimumThroughput = breaker.MinimumThroughput,
            SamplingDuration = breaker.SamplingDuration,
            BreakDuration = breaker.BreakDuration,
            StateProvider = reportsCircuit && Interlocked.Exchange(ref _circuitClaimed, 1) == 0 ? _circuit : null,
            ShouldHandle = args => ValueTask.FromResult(HttpOutcomes.IsSystemFailure(args.Outcome)),
            OnOpened = args =>
            {
                LogCircuitOpened(logger, connector, args.BreakDuration.TotalSeconds);
                return default;
            },
            OnHalfOpened = _ =>
            {
                LogCircuitHalfOpened(logger, connector);
                return default;
            },
            OnClosed = _ =>
            {
                LogCircuitClosed(logger, connector);
                return default;
            },
        });
        builder.AddStrategy(_ => new RateLimiterStrategy(_limiter), new RateLimiterStrategyOptions());
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = Options.AttemptTimeout, Name = "Attempt" });
    }

    public string Connector { get; }

    public ConnectorHttpOptions Options { get; }

    public CircuitState CircuitState => _circuit.CircuitState;

    /// <summary>The permits left now of the connector's rate limits.</summary>
    public Telemetry.ConnectorHeadroom Headroom() => _limiter.Headroom();

    public void Dispose() => _limiter.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Connector}: {Method} {Path} retrying as attempt {Attempt} after status {Status} / {Exception}, waiting {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string connector, string? method, string path, int attempt, int? status, string? exception, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Connector}: circuit opened for {BreakSeconds} s; calls fail fast until a trial call succeeds")]
    private static partial void LogCircuitOpened(ILogger logger, string connector, double breakSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Connector}: circuit half-open; letting a trial call through")]
    private static partial void LogCircuitHalfOpened(ILogger logger, string connector);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Connector}: circuit closed")]
    private static partial void LogCircuitClosed(ILogger logger, string connector);
}
