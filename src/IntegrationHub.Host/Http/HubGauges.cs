using System.Diagnostics.Metrics;
using IntegrationHub.Connectors;
using IntegrationHub.Diagnostics;

namespace IntegrationHub.Host.Http;

/// <summary>
/// The hub's state as gauges, read when metrics are collected (<c>/metrics</c>, OTLP): each Kafka-fed flow's consumer lag
/// per partition (<c>hub.kafka.consumer.lag</c>, as the consumer last saw it, no broker call) and each connector's
/// circuit (<c>hub.connector.circuit.state</c>: 0 closed, 1 half-open, 2 open, 3 isolated).
/// </summary>
internal sealed class HubGauges
{
    public const string MeterName = "IntegrationHub.Hub";

    public HubGauges(IMeterFactory meters, FlowCounters counters, IEnumerable<IConnectorCircuits> circuits)
    {
        var meter = meters.Create(MeterName);
        var circuitSources = circuits.ToArray();
        meter.CreateObservableGauge("hub.kafka.consumer.lag",
            () => counters.ConsumerLags().Select(l => new Measurement<long>(l.Lag,
                new KeyValuePair<string, object?>("flow", l.Flow), new KeyValuePair<string, object?>("partition", l.Partition))),
            unit: "{record}", description: "Records after the last one read, per flow and partition, as the consumer last saw the high watermark.");
        meter.CreateObservableGauge("hub.connector.circuit.state",
            () => circuitSources.SelectMany(c => c.GetAll()).Select(c => new Measurement<int>(Code(c.State), new KeyValuePair<string, object?>("connector", c.Connector))),
            description: "The connector's circuit: 0 closed, 1 half-open, 2 open, 3 isolated.");
    }

    private static int Code(ConnectorCircuitState state) => state switch
    {
        ConnectorCircuitState.HalfOpen => 1,
        ConnectorCircuitState.Open => 2,
        ConnectorCircuitState.Isolated => 3,
        _ => 0,
    };
}
