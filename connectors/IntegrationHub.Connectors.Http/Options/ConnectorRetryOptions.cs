namespace IntegrationHub.Connectors.Http.Options;

/// <summary>Retries of one call (<c>Connectors:&lt;name&gt;:Retry</c>).</summary>
public sealed class ConnectorRetryOptions
{
    /// <summary>Retries after the first attempt; 0 turns retrying off. The default is 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff; it doubles per retry, with jitter. The default is 1 second.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest backoff of one retry. The default is 30 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest <c>Retry-After</c> the connector waits for by itself. A 429/503 asking for longer is not retried here but
    /// surfaces as a <see cref="ConnectorTransientException"/> carrying the wait. The default is 60 seconds.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);
}
