namespace IntegrationHub.Connectors;

/// <summary>
/// A connected system (one vendor API), named by <see cref="System"/>, with what it can do per canonical entity.
/// A connector owns its configuration and validation; the capabilities move records. New connectors are added by
/// implementing this interface and registering it, never by changing the hub.
/// </summary>
public interface IConnector
{
    /// <summary>The system's name, lower case, e.g. <c>fxiaoke</c>, <c>xero</c>. It is the <see cref="CanonicalRecord.System"/> of records it reads.</summary>
    string System { get; }

    /// <summary>What the connector can do, at most one entry per entity.</summary>
    IReadOnlyList<EntityCapabilities> Entities { get; }

    /// <summary>
    /// Checks that the system answers with the configured credentials. Never throws for an unhealthy system (the answer
    /// says so); throws <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    Task<ConnectorHealth> CheckHealthAsync(CancellationToken cancellationToken = default);
}
