namespace IntegrationHub.Connectors.Http.Resilience;

/// <summary>The connector's limiter queue was full: too many calls waiting for a permit.</summary>
internal sealed class LimiterRejectedException(TimeSpan? retryAfter) : Exception("The connector's request queue is full.")
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
