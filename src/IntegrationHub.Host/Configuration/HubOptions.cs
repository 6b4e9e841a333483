namespace IntegrationHub.Host.Configuration;

/// <summary>The hub's own settings. Bound from the <c>Hub</c> configuration section.</summary>
public sealed class HubOptions
{
    public const string Section = "Hub";

    /// <summary>
    /// Demo mode: accepts the API key <c>demo</c> when none is configured, and says so. The sandboxes, the demo ERP and
    /// the live summary are the dev environment's (its own process; <c>./build.sh demo</c> starts both). The default is false.
    /// </summary>
    public bool Demo { get; set; }

    /// <summary>Where the HTTP API listens. The default is <c>http://127.0.0.1:5080</c>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// API clients by client id (<c>Hub:Clients:erp-prod:Key</c>, <c>Hub:Clients:erp-prod:Scopes = orders:write orders:read</c>);
    /// <c>HUB_API_KEY</c> adds the client <c>default</c> with the scope <c>admin</c>. At least one is required outside demo
    /// mode. Idempotency keys and order reads are scoped per client.
    /// </summary>
    public Dictionary<string, ApiClientOptions> Clients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The earlier key list without scopes; no longer accepted (start fails, naming <see cref="Clients"/>).</summary>
    public Dictionary<string, string> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Topic accepted ERP orders are published to. The default is <c>erp.orders</c> (the topic workflows/erp-orders-to-crm.yaml consumes).</summary>
    public string OrdersTopic { get; set; } = "erp.orders";

    /// <summary>
    /// How long an order push waits for Kafka to confirm before answering 503 (the order is already stored and the
    /// outbox relay publishes it later). The default is 10 seconds.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the outbox relay looks for unpublished orders. The default is 2 seconds.</summary>
    public TimeSpan OutboxRelayInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often the store-backed gauges (instances by status, outbox backlog) are sampled for <c>/metrics</c>: each sample
    /// counts the instances table, so a large store wants a longer interval. The default is 15 seconds.
    /// </summary>
    public TimeSpan MetricsSampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest accepted order body. The default is 1 MiB.</summary>
    public int MaxOrderBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The settings file a running dev environment wrote (its Kafka cluster, the sandboxes' URLs and credentials).
    /// Settings configured explicitly win: <c>Kafka:BootstrapServers</c>, and a connector whose <c>BaseUrl</c> is set.
    /// The default is empty (no dev environment).
    /// </summary>
    public string? DevEnvironmentFile { get; set; }
}
