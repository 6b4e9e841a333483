using System.Collections.Concurrent;
using IntegrationHub.Connectors.Http.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace IntegrationHub.Connectors.Http.Resilience;

/// <summary>
/// Holds one <see cref="ConnectorPipeline"/> per connector for the life of the container, so its circuit and limiter are
/// shared by every handler chain <c>IHttpClientFactory</c> builds (chains are recycled; the pipeline is not). Options
/// are read once, when the pipeline is first needed; changing them needs a restart.
/// </summary>
internal sealed class ConnectorPipelineRegistry(
    IOptionsMonitor<ConnectorHttpOptions> options, TimeProvider time, ILoggerFactory loggers, IEnumerable<ConnectorRegistration> registrations)
    : IConnectorCircuits, Telemetry.IConnectorHeadroom, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<ConnectorPipeline>> _pipelines = new(StringComparer.OrdinalIgnoreCase);
    private readonly string[] _names = registrations.Select(r => r.Connector).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray();

    public ConnectorPipeline Get(string connector) =>
        _pipelines.GetOrAdd(connector, name => new Lazy<ConnectorPipeline>(() =>
            new ConnectorPipeline(name, options.Get(name), time, loggers.CreateLogger("IntegrationHub.Connectors.Http." + name)))).Value;

    public IReadOnlyList<ConnectorCircuitSnapshot> GetAll() => _names.Select(n => Snapshot(Get(n))).ToArray();

    ConnectorCircuitSnapshot? IConnectorCircuits.Get(string connector) =>
        _names.Contains(connector, StringComparer.OrdinalIgnoreCase) ? Snapshot(Get(connector)) : null;

    Telemetry.ConnectorHeadroom? Telemetry.IConnectorHeadroom.Get(string connector) =>
        _names.Contains(connector, StringComparer.OrdinalIgnoreCase) ? Get(connector).Headroom() : null;

    public void Dispose()
    {
        foreach (var pipeline in _pipelines.Values.Where(p => p.IsValueCreated))
        {
            pipeline.Value.Dispose();
        }
    }

    private static ConnectorCircuitSnapshot Snapshot(ConnectorPipeline pipeline) => new(pipeline.Connector, pipeline.CircuitState switch
    {
        CircuitState.Open => ConnectorCircuitState.Open,
        CircuitState.HalfOpen => ConnectorCircuitState.HalfOpen,
        CircuitState.Isolated => ConnectorCircuitState.Isolated,
        _ => ConnectorCircuitState.Closed,
    });
}

/// <summary>Marks a connector registered through <c>AddConnectorHttpClient</c>.</summary>
internal sealed record ConnectorRegistration(string Connector);
