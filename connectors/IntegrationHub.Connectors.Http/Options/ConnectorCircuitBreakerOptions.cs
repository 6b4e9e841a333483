namespace IntegrationHub.Connectors.Http.Options;

/// <summary>
/// Circuit breaker of one connector (<c>Connectors:&lt;name&gt;:CircuitBreaker</c>). Failures are 5xx, 408, connection
/// errors and timed-out attempts; 429 is the vendor throttling us and does not count.
/// </summary>
public sealed class ConnectorCircuitBreakerOptions
{
    /// <summary>Share of failed attempts within <see cref="SamplingDuration"/> that opens the circuit. The default is 0.5.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed within <see cref="SamplingDuration"/> before the ratio counts (at least 2). The default is 10.</summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>Window over which failures are counted. The default is 30 seconds.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit rejects calls before letting one trial call through (half-open). The default is 30 seconds.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
