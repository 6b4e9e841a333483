using IntegrationHub.Connectors.Hosting.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Hosting.Status;

/// <summary>
/// Describes every connector: entities and capabilities, health (each connector's <see cref="IConnector.CheckHealthAsync"/>,
/// all at once, each bounded by <see cref="ConnectorHubOptions.HealthTimeout"/>) and the circuit of its HTTP client
/// (<see cref="IConnectorCircuits"/>, looked up by system name; <c>n/a</c> for connectors not on the HTTP plumbing).
/// </summary>
public sealed partial class ConnectorStatusService(
    ConnectorRegistry registry, IOptions<ConnectorHubOptions> options, TimeProvider time, IServiceProvider services, ILogger<ConnectorStatusService> logger)
{
    public const string NoCircuit = "n/a";

    public async Task<IReadOnlyList<ConnectorStatus>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        var circuits = services.GetService<IConnectorCircuits>();
        return await Task.WhenAll(registry.Connectors.Select(c => DescribeAsync(c, circuits, cancellationToken))).ConfigureAwait(false);
    }

    private async Task<ConnectorStatus> DescribeAsync(IConnector connector, IConnectorCircuits? circuits, CancellationToken cancellationToken)
    {
        var (health, description) = await CheckAsync(connector, cancellationToken).ConfigureAwait(false);
        var entities = connector.Entities.OrderBy(e => e.Entity.Name, StringComparer.Ordinal)
            .Select(e => new ConnectorEntityStatus(e.Entity.Name, ConnectorRegistry.CapabilitiesOf(e))).ToArray();
        var circuit = circuits?.Get(connector.System)?.State.ToString() ?? NoCircuit;
        return new ConnectorStatus(connector.System, ConnectorRegistry.Origin(connector), entities, health.ToString(), description, circuit);
    }

    private async Task<(ConnectorHealthStatus, string?)> CheckAsync(IConnector connector, CancellationToken cancellationToken)
    {
        var timeout = options.Value.HealthTimeout;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            // WaitAsync bounds the wait even for a check that ignores its token; the token asks it to stop.
            cts.CancelAfter(timeout);
            var health = await connector.CheckHealthAsync(cts.Token).WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return (health.Status, health.Description);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogHealthTimeout(logger, connector.System, timeout);
            return (ConnectorHealthStatus.Unhealthy, $"no answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A ConnectorException's message names the connector and operation, never credentials; others may not, so only their type.
            LogHealthFailed(logger, connector.System, ex.GetType().Name);
            return (ConnectorHealthStatus.Unhealthy, ex is ConnectorException ? ex.Message : $"health check failed: {ex.GetType().Name}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {Connector} health check gave no answer within {Timeout}")]
    private static partial void LogHealthTimeout(ILogger logger, string connector, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {Connector} health check threw {ExceptionType}")]
    private static partial void LogHealthFailed(ILogger logger, string connector, string exceptionType);
}
