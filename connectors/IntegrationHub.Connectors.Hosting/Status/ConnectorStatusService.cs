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
            if (health.Detail is not null)
            {
                LogHealthDetail(logger, connector.System, health.Status, health.Description, health.Detail);
            }

            return (health.Status, health.Description);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogHealthTimeout(logger, connector.System, timeout);
            return (ConnectorHealthStatus.Unhealthy, $"no answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Callers see a classified reason; the exception's own text (vendor messages and ids) goes to the log only.
            LogHealthFailed(logger, connector.System, ex.GetType().Name, ex is ConnectorException ? ex.Message : null);
            return ex is ConnectorException connectorException
                ? (ConnectorHealth.Failed(connectorException).Status, ConnectorHealth.Failed(connectorException).Description)
                : (ConnectorHealthStatus.Unhealthy, "health check failed");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {Connector} health check gave no answer within {Timeout}")]
    private static partial void LogHealthTimeout(ILogger logger, string connector, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {Connector} health check threw {ExceptionType}: {Detail}")]
    private static partial void LogHealthFailed(ILogger logger, string connector, string exceptionType, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {Connector} is {Health} ({Reason}): {Detail}")]
    private static partial void LogHealthDetail(ILogger logger, string connector, ConnectorHealthStatus health, string? reason, string detail);
}
