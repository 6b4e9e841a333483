namespace IntegrationHub.Connectors;

/// <summary>
/// The call cannot succeed as it is: rejected credentials (401/403), a bad request (4xx), an answer the connector cannot
/// read. Retrying the same call is pointless until configuration, code or data change.
/// </summary>
public sealed class ConnectorPermanentException(string connector, string message, Exception? inner = null)
    : ConnectorException(connector, message, inner)
{
    /// <summary>Details the vendor gave (field-level messages), in the vendor's order; empty when none.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];
}
