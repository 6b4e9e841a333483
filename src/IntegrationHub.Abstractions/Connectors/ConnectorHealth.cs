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

/// <summary>
/// A health answer. <paramref name="Description"/> is shown to API callers: a classified reason, never credentials,
/// vendor messages or vendor ids. <see cref="Detail"/> carries the vendor's own text for the log only.
/// </summary>
public sealed record ConnectorHealth(ConnectorHealthStatus Status, string? Description = null)
{
    /// <summary>The failure's own text (vendor message, ids) for the log; never shown to API callers.</summary>
    public string? Detail { get; init; }

    /// <summary>The health a failed check means, with a classified reason and the exception's text as <see cref="Detail"/>.</summary>
    public static ConnectorHealth Failed(ConnectorException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var status = exception.StatusCode;
        var (health, reason) = (exception, status) switch
        {
            _ when exception.CredentialsRejected => (ConnectorHealthStatus.Unhealthy, status is { } s ? $"credentials rejected (HTTP {s})" : "credentials rejected"),
            (_, 429) => (ConnectorHealthStatus.Degraded, "throttled (HTTP 429)"),
            (_, 401 or 403) => (ConnectorHealthStatus.Unhealthy, $"credentials rejected (HTTP {status})"),
            (ConnectorTransientException, >= 500) => (ConnectorHealthStatus.Unhealthy, $"vendor failing (HTTP {status})"),
            (ConnectorTransientException, _) => (ConnectorHealthStatus.Unhealthy, "unreachable or timed out"),
            (_, { } code) => (ConnectorHealthStatus.Unhealthy, $"request refused (HTTP {code})"),
            _ => (ConnectorHealthStatus.Unhealthy, "vendor refused the call or answered unreadably"),
        };
        return new ConnectorHealth(health, reason) { Detail = exception.Message };
    }
}
