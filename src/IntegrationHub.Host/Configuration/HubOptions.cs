namespace IntegrationHub.Host.Configuration;

/// <summary>The hub's own settings. Bound from the <c>Hub</c> configuration section.</summary>
public sealed class HubOptions
{
    public const string Section = "Hub";

    /// <summary>
    /// Demo mode: runs the sandbox systems and the demo ERP, prints a live summary, and accepts the API key
    /// <c>demo</c> when none is configured. The default is false.
    /// </summary>
    public bool Demo { get; set; }

    /// <summary>Where the HTTP API listens. The default is <c>http://127.0.0.1:5080</c>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// API keys by client name (<c>Hub:ApiKeys:erp-prod = ...</c>); <c>HUB_API_KEY</c> adds one named <c>default</c>.
    /// Required outside demo mode, at least 16 characters each. Idempotency keys are scoped per client.
    /// </summary>
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

    /// <summary>Largest accepted order body. The default is 1 MiB.</summary>
    public int MaxOrderBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Run the emulated vendor systems. The default is empty: on in demo mode, off otherwise.</summary>
    public bool? Sandbox { get; set; }

    /// <summary>Seconds between demo summary lines. The default is 2.</summary>
    public double DemoSummaryIntervalSeconds { get; set; } = 2;

    public bool SandboxEnabled => Sandbox ?? Demo;
}
