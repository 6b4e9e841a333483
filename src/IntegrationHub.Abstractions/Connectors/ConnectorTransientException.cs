namespace IntegrationHub.Connectors;

/// <summary>
/// The system is unavailable for now: unreachable, timed out, throttled (429), failing (5xx) or the circuit is open,
/// after the connector's own retries. The same call can succeed later, no sooner than <see cref="RetryAfter"/> when set.
/// </summary>
public sealed class ConnectorTransientException(string connector, string message, Exception? inner = null)
    : ConnectorException(connector, message, inner)
{
    /// <summary>How long to wait before trying again, from the vendor's <c>Retry-After</c> or the circuit's break.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
