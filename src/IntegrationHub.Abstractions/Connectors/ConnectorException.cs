namespace IntegrationHub.Connectors;

/// <summary>
/// A connector call failed. Catch <see cref="ConnectorTransientException"/> to retry later,
/// <see cref="ConnectorPermanentException"/> to stop and report, <see cref="ConnectorRecordException"/> for one record.
/// Messages name the connector and the operation, never credentials.
/// </summary>
public abstract class ConnectorException(string connector, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The connector's name, e.g. <c>xero</c>.</summary>
    public string Connector { get; } = connector;

    /// <summary>The HTTP status of the failed answer, when there was one.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The vendor's error code or type, when it sent one.</summary>
    public string? VendorCode { get; init; }

    /// <summary>The system refused the connector's credentials (login, token or app credentials), whatever the HTTP status.</summary>
    public bool CredentialsRejected { get; init; }

    /// <summary>What the vendor said about the failure (its message or detail sentence, truncated), without the hub's context.</summary>
    public string? VendorMessage { get; init; }

    /// <summary>The vendor's trace or correlation id of the failed call, when known, for the vendor's support.</summary>
    public string? VendorTraceId { get; init; }
}
