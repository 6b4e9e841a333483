namespace IntegrationHub.Connectors;

/// <summary>How a connector's system looks from the hub.</summary>
public enum ConnectorHealthStatus
{
    /// <summary>Answers normally.</summary>
    Healthy,

    /// <summary>Answers, but slowly, throttled, or while the circuit is testing it (half-open).</summary>
    Degraded,

    /// <summary>Does not answer usefully, credentials are rejected, or the circuit is open.</summary>
    Unhealthy,
}

/// <summary>A health answer. <paramref name="Description"/> never carries credentials.</summary>
public sealed record ConnectorHealth(ConnectorHealthStatus Status, string? Description = null);
