using IntegrationHub.Connectors.Http.Options;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace IntegrationHub.Connectors.Http.Resilience;

/// <summary>
/// One connector's resilience: a Polly pipeline (outermost first) of the first permit's admission (outside every timeout),
/// overall timeout, retry, circuit breaker, limiter (retries' permits) and attempt timeout, plus the circuit's state. Built once per connector and shared by all its clients and handlers.
/// </summary>
internal sealed partial class ConnectorPipeline : IDisposable
{
    /// <summary>The request being sent, so retry decisions can see its method and flags.</summary>
    public static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("IntegrationHub.Request");

    private readonly ConnectorLimiter _limiter;
    private readonly CircuitBreakerStateProvider _circuit = new();

    public ConnectorPipeline(string connector, ConnectorHttpOptions options, TimeProvider time, ILogger logger)
    {
        Connector = connector;
        Options = options;
        _limiter = new ConnectorLimiter(options.Limits);
        var retry = options.Retry;
        var breaker = options.CircuitBreaker;
        // The first attempt's rate permit is waited for before the total timeout starts (queueing for the vendor's budget
        // is backpressure, not a slow vendor); retries take theirs inside, as any attempt.
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = connector, TimeProvider = time }
            .AddStrategy(_ => new RateLimitAdmissionStrategy(_limiter), new RateLimitAdmissionStrategyOptions())
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.Timeout, Name = "Total" });
        if (retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    HttpOutcomes.ShouldRetry(args.Outcome, args.Context.Properties.GetValue(RequestKey, null!), retry.MaxRetryAfter, time)),
                // Retry-After wins over the computed backoff; ShouldRetry already refused waits above MaxRetryAfter.
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } r && RetryAfter.Applies(r.StatusCode) ? RetryAfter.Of(r, time) : null),
                OnRetry = args =>
                {
                    var request = args.Context.Properties.GetValue(RequestKey, null!);
                    // Polly numbers retries from 0, so the first retry is the call's attempt 2 (as the per-attempt log counts).
                    LogRetry(logger, connector, request?.Method.Method, ConnectorRequests.PathOf(request), args.AttemptNumber + 2,
                        (int?)args.Outcome.Result?.StatusCode, args.Outcome.Exception?.GetType().Name, args.RetryDelay.TotalMilliseconds);
                    args.Outcome.Result?.Dispose(); // the discarded answer's connection goes back to the pool
                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = breaker.FailureRatio,
            MinimumThroughput = breaker.MinimumThroughput,
            SamplingDuration = breaker.SamplingDuration,
            BreakDuration = breaker.BreakDuration,
            StateProvider = _circuit,
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
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout, Name = "Attempt" });
        Pipeline = builder.Build();
    }

    public string Connector { get; }

    public ConnectorHttpOptions Options { get; }

    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    public CircuitState CircuitState => _circuit.CircuitState;

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
