using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IntegrationHub.Connectors;
using IntegrationHub.Diagnostics;

namespace IntegrationHub.Host.Http;

/// <summary>
/// The hub's state as gauges, read when metrics are collected (<c>/metrics</c>, OTLP): each Kafka-fed flow's consumer lag
/// per partition (<c>hub.kafka.consumer.lag</c>, as the consumer last saw it, no broker call) and each connector's
/// circuit (<c>hub.connector.circuit.state</c>: 0 closed, 1 half-open, 2 open, 3 isolated); from the store, as
/// <see cref="HubStateSampler"/> last sampled it: workflow instances per flow and sub-status (<c>hub.workflow.instances</c>),
/// each outbox's unpublished rows (<c>hub.outbox.backlog</c>) and the age of its oldest (<c>hub.outbox.oldest.age</c>,
/// seconds, 0 when empty); and the intake group commit's transactions and writes (<c>hub.store.group.commits</c>,
/// <c>hub.store.group.writes</c>; their ratio is the writes per commit).
/// <para>One process-wide meter whose callbacks read every live hub of the process (one in production). Not a meter per
/// container: OpenTelemetry keys streams by meter and instrument name, so a second container's gauges of the same names
/// would be dropped as duplicates and only the first hub's (even a stopped one) would be read.</para>
/// </summary>
internal sealed class HubGauges : IDisposable
{
    public const string MeterName = "IntegrationHub.Hub";

    private static readonly ConcurrentDictionary<HubGauges, byte> Live = new();
    private static readonly Meter Meter = CreateMeter();

    private readonly FlowCounters _counters;
    private readonly IConnectorCircuits[] _circuits;
    private readonly HubStateSampler _state;
    private readonly TimeProvider _time;
    private readonly IntegrationHub.Storage.IStoreWriterStatistics _writes;

    public HubGauges(FlowCounters counters, IEnumerable<IConnectorCircuits> circuits, HubStateSampler state, TimeProvider time,
        IntegrationHub.Storage.IStoreWriterStatistics writes)
    {
        _writes = writes;
        _counters = counters;
        _circuits = circuits.ToArray();
        _state = state;
        _time = time;
        Live.TryAdd(this, 0);
    }

    public void Dispose() => Live.TryRemove(this, out _);

    // The gauges are created with the meter, once per process; their callbacks read every live hub.
    private static Meter CreateMeter()
    {
        var meter = new Meter(MeterName);
        meter.CreateObservableGauge("hub.kafka.consumer.lag",
            () => Each(h => h._counters.ConsumerLags()).Select(l => new Measurement<long>(l.Lag,
                new KeyValuePair<string, object?>("flow", l.Flow), new KeyValuePair<string, object?>("partition", l.Partition))),
            unit: "{record}", description: "Records after the last one read, per flow and partition, as the consumer last saw the high watermark.");
        meter.CreateObservableGauge("hub.connector.circuit.state",
            () => Each(h => h._circuits.SelectMany(c => c.GetAll()))
                .Select(c => new Measurement<int>(Code(c.State), new KeyValuePair<string, object?>("connector", c.Connector))),
            description: "The connector's circuit: 0 closed, 1 half-open, 2 open, 3 isolated.");
        meter.CreateObservableGauge("hub.workflow.instances",
            () => Each(h => h._state.Last.Instances).Select(i => new Measurement<long>(i.Count,
                new KeyValuePair<string, object?>("flow", i.DefinitionId), new KeyValuePair<string, object?>("status", i.SubStatus))),
            unit: "{instance}", description: "Workflow instances kept in the store per flow and status (Executing, Suspended, Finished, Faulted, Cancelled), as last sampled.");
        meter.CreateObservableGauge("hub.outbox.backlog",
            () => Each(h => h._state.Last.Outboxes).Select(o => new Measurement<long>(o.Pending,
                new KeyValuePair<string, object?>("outbox", o.Outbox))),
            unit: "{message}", description: "Outbox rows written but not yet confirmed by Kafka, as last sampled.");
        meter.CreateObservableGauge("hub.outbox.oldest.age",
            () => Each(h => h._state.Last.Outboxes.Select(o => new Measurement<double>(
                o.OldestCreatedAt is { } oldest ? Math.Max(0, (h._time.GetUtcNow() - oldest).TotalSeconds) : 0,
                new KeyValuePair<string, object?>("outbox", o.Outbox)))),
            unit: "s", description: "Age of the oldest unpublished outbox row, 0 when none, as last sampled.");
        meter.CreateObservableCounter("hub.store.group.commits",
            () => new Measurement<long>(Each<long>(h => [h._writes.Commits]).Sum()), // one store per hub; summed over a test process's hubs
            unit: "{transaction}", description: "Transactions committed by the store's group commit (order intake, workflow instances, leases, bookmarks).");
        meter.CreateObservableCounter("hub.store.group.writes",
            () => new Measurement<long>(Each<long>(h => [h._writes.Writes]).Sum()),
            unit: "{write}", description: "Writes run by the store's group commit; divided by the commits, the writes per transaction.");
        meter.CreateObservableCounter("hub.store.writer.busy",
            () => new Measurement<double>(Each<double>(h => [h._writes.Busy.TotalSeconds]).Sum()),
            unit: "s", description: "Time the store's single writer spent writing and committing; its rate near 1 means the writer is saturated.");
        return meter;
    }

    // Each live hub's values, read now. A hub being torn down (its services disposed before it leaves the registry) is
    // skipped rather than failing the callback, which would drop the instrument's values of every hub for that collection.
    private static List<T> Each<T>(Func<HubGauges, IEnumerable<T>> read)
    {
        var values = new List<T>();
        foreach (var hub in Live.Keys)
        {
            try
            {
                values.AddRange(read(hub));
            }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
            {
            }
        }

        return values;
    }

    private static int Code(ConnectorCircuitState state) => state switch
    {
        ConnectorCircuitState.HalfOpen => 1,
        ConnectorCircuitState.Open => 2,
        ConnectorCircuitState.Isolated => 3,
        _ => 0,
    };
}
