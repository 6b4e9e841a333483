namespace IntegrationHub.Connectors.Http.Options;

/// <summary>
/// HTTP settings of one connector, bound from <c>Connectors:&lt;name&gt;</c> as named options (the name is the connector's)
/// and validated at start by <see cref="ConnectorHttpOptionsValidator"/>. Defaults given to
/// <see cref="ConnectorHttpServiceCollectionExtensions.AddConnectorHttpClient"/> (a vendor's published limits) apply
/// first; configuration overrides them.
/// </summary>
public sealed class ConnectorHttpOptions
{
    /// <summary>The vendor API's base URL, absolute http(s). No default.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>The longest one call may take, including retries, waits for the limiter and <c>Retry-After</c>. The default is 60 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest one attempt may take; a timed-out attempt is retried when the request is idempotent. The default is 20 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public ConnectorRetryOptions Retry { get; set; } = new();

    public ConnectorCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    public ConnectorLimitOptions Limits { get; set; } = new();
}
