namespace IntegrationHub.Kafka.Consuming;

/// <summary>Exponential backoff with "equal jitter": half the step fixed, half random, capped.</summary>
internal static class RetryBackoff
{
    public static TimeSpan For(int failedAttempts, TimeSpan initial, TimeSpan max, Random random)
    {
        if (initial <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Min(failedAttempts - 1, 30);
        var step = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((step / 2) + (random.NextDouble() * step / 2));
    }
}
