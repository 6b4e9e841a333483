namespace IntegrationHub.Connectors;

/// <summary>A connector's circuit as the API shows it.</summary>
public enum ConnectorCircuitState
{
    /// <summary>Calls flow normally.</summary>
    Closed,

    /// <summary>Too many recent failures: calls fail fast with <see cref="ConnectorTransientException"/> until the break ends.</summary>
    Open,

    /// <summary>The break ended; the next call is a trial that closes or reopens the circuit.</summary>
    HalfOpen,

    /// <summary>Opened by hand.</summary>
    Isolated,
}

/// <summary>One connector's circuit, for <c>GET /api/v1/connectors</c> and health checks.</summary>
public sealed record ConnectorCircuitSnapshot(string Connector, ConnectorCircuitState State)
{
    public ConnectorHealth ToHealth() => State switch
    {
        ConnectorCircuitState.Closed => new ConnectorHealth(ConnectorHealthStatus.Healthy),
        ConnectorCircuitState.HalfOpen => new ConnectorHealth(ConnectorHealthStatus.Degraded, "circuit half-open: testing the system with a trial call"),
        _ => new ConnectorHealth(ConnectorHealthStatus.Unhealthy, $"circuit {State.ToString().ToLowerInvariant()}: calls fail fast"),
    };
}
