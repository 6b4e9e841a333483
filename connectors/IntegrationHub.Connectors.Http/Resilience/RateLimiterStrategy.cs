using System.Threading.RateLimiting;
using Polly;

namespace IntegrationHub.Connectors.Http.Resilience;

/// <summary>
/// Takes one permit of the connector's limiter per attempt (Polly.RateLimiting is not used: its package drags a
/// System.Threading.RateLimiting package that does not restore cleanly here, and the limiter is in the shared framework).
/// The first attempt uses the permit <see cref="RateLimitAdmissionStrategy"/> waited for outside the call's timeouts.
/// </summary>
internal sealed class RateLimiterStrategy(ConnectorLimiter limiter) : ResilienceStrategy
{
    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        RateLimitLease lease;
        if (RateLimitAdmissionStrategy.Take(context) is { } admitted)
        {
            lease = admitted;
        }
        else
        {
            try
            {
                lease = await limiter.AcquireAsync(context).ConfigureAwait(context.ContinueOnCapturedContext);
            }
            catch (OperationCanceledException ex)
            {
                return Outcome.FromException<TResult>(ex);
            }
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

/// <summary>
/// Waits for the first attempt's permit before the call's total timeout starts: time spent queueing for the vendor's rate
/// limit (when many calls want the same budget) is backpressure, not a slow vendor, so it must not time the call out.
/// The wait ends with the caller's cancellation or a full queue (<c>Limits:QueueLimit</c>: a transient rejection).
/// </summary>
internal sealed class RateLimitAdmissionStrategy(ConnectorLimiter limiter) : ResilienceStrategy
{
    private static readonly ResiliencePropertyKey<RateLimitLease?> Admitted = new("IntegrationHub.AdmittedLease");

    /// <summary>The admitted permit, once: the first attempt takes it, a retry finds none and waits for its own.</summary>
    public static RateLimitLease? Take(ResilienceContext context)
    {
        if (context.Properties.TryGetValue(Admitted, out var lease) && lease is not null)
        {
            context.Properties.Set(Admitted, null);
            return lease;
        }

        return null;
    }

    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        RateLimitLease lease;
        try
        {
            lease = await limiter.AcquireAsync(context).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        catch (OperationCanceledException ex)
        {
            return Outcome.FromException<TResult>(ex);
        }

        if (!lease.IsAcquired)
        {
            using (lease)
            {
                TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
                return Outcome.FromException<TResult>(new LimiterRejectedException(retryAfter));
            }
        }

        context.Properties.Set(Admitted, lease);
        try
        {
            return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        finally
        {
            Take(context)?.Dispose(); // not used (the call ended before its first attempt)
        }
    }
}

/// <summary>Options placeholder for <see cref="RateLimitAdmissionStrategy"/> (Polly wants one per strategy; it carries the name).</summary>
internal sealed class RateLimitAdmissionStrategyOptions : ResilienceStrategyOptions
{
    public RateLimitAdmissionStrategyOptions() => Name = "LimiterAdmission";
}

/// <summary>Options placeholder for <see cref="RateLimiterStrategy"/> (Polly wants one per strategy; it carries the name).</summary>
internal sealed class RateLimiterStrategyOptions : ResilienceStrategyOptions
{
    public RateLimiterStrategyOptions() => Name = "Limiter";
}
