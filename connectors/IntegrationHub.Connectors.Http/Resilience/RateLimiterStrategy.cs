using System.Threading.RateLimiting;
using Polly;

namespace IntegrationHub.Connectors.Http.Resilience;

/// <summary>
/// Takes one permit of the connector's limiter per attempt (Polly.RateLimiting is not used: its package drags a
/// System.Threading.RateLimiting package that does not restore cleanly here, and the limiter is in the shared framework).
/// </summary>
internal sealed class RateLimiterStrategy(ConnectorLimiter limiter) : ResilienceStrategy
{
    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        RateLimitLease lease;
        try
        {
            var key = limiter.KeyOf(context.Properties.GetValue(ConnectorPipeline.RequestKey, null!));
            lease = await limiter.Limiter.AcquireAsync(key, 1, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        catch (OperationCanceledException ex)
        {
            return Outcome.FromException<TResult>(ex);
        }

        using (lease)
        {
            if (!lease.IsAcquired)
            {
                TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
                return Outcome.FromException<TResult>(new LimiterRejectedException(retryAfter));
            }

            return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }
    }
}

/// <summary>Options placeholder for <see cref="RateLimiterStrategy"/> (Polly wants one per strategy; it carries the name).</summary>
internal sealed class RateLimiterStrategyOptions : ResilienceStrategyOptions
{
    public RateLimiterStrategyOptions() => Name = "Limiter";
}
