using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using IntegrationHub.Benchmarks.Kafka;
using IntegrationHub.Workflows.Runtime.Execution;
using IntegrationHub.Workflows.Runtime.Triggers.Kafka;
using IntegrationHub.Kafka.Envelope;
using IntegrationHub.Messaging;
using IntegrationHub.Workflows;
using IntegrationHub.Workflows.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Benchmarks.Micro;

/// <summary>
/// The workflow layer of the <c>kafka</c> mode's workflow pipeline, per record and without Kafka: one consumed
/// CloudEvent through <c>WorkflowMessageHandler</c> -> <c>IWorkflowStarter</c> (persistence onSuspendOrFault) ->
/// engine (two C# expressions, a new JSON payload) -> <c>PublishMessage</c> -> a publisher that confirms at once.
/// Beside it, the parts: the data's JSON parse, and the engine alone on a prepared input.
/// </summary>
[MemoryDiagnoser]
public class WorkflowPipelineBenchmarks
{
    private string _folder = null!;
    private ServiceProvider _services = null!;
    private WorkflowMessageHandler _handler = null!;
    private ReceivedMessage _message = null!;
    private WorkflowEngine _engine = null!;
    private CatalogEntry _entry = null!;
    private JsonObject _input = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("hub-bench-").FullName;
        File.WriteAllText(Path.Combine(_folder, "map.yaml"), HubWorkflowPhase.Workflow("bench-map", "bench.in", "bench.out", "onSuspendOrFault"));
        _services = HubWorkflowServices.Build(
            _folder,
            new Dictionary<string, string?> { ["Kafka:Topics:0"] = "bench.in", ["Kafka:Topics:1"] = "bench.out" },
            services => services.AddSingleton(TimeProvider.System).AddSingleton<IMessagePublisher, ConfirmingPublisher>());
        var catalog = _services.GetRequiredService<WorkflowCatalog>();
        _entry = catalog.LoadFile(Path.Combine(_folder, "map.yaml")) ?? throw new InvalidOperationException("map.yaml did not load: " + string.Join("; ", catalog.Rejected.Values.SelectMany(r => r.Errors)));
        _engine = _services.GetRequiredService<WorkflowEngine>();
        _handler = new WorkflowMessageHandler("bench-map", catalog, _services.GetRequiredService<IWorkflowStarter>(), TimeProvider.System);
        var record = Payloads.CloudEventRecord("bench.in", 42, DateTimeOffset.UtcNow);
        _message = new ReceivedMessage("bench.in", 0, 42, Payloads.Key(42), CloudEventKafkaCodec.FromKafka(record.Headers, record.Value), 1);
        _input = new JsonObject { ["event"] = new JsonObject { ["id"] = _message.Event.Id }, ["data"] = ParseData(), ["key"] = _message.Key };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "record -> WorkflowMessageHandler -> map workflow -> PublishMessage (publisher confirms at once)")]
    public Task Record() => _handler.HandleAsync(_message);

    [Benchmark(Description = "engine only: the map workflow on a prepared input")]
    public async Task<object> EngineOnly() => await _engine.RunAsync(_entry.Workflow, _input.DeepClone(), CancellationToken.None);

    [Benchmark(Description = "JSON parse of the record's data (300 B)")]
    public JsonNode? ParseData() => JsonNode.Parse(_message.Event.Data.Span);

    private sealed class ConfirmingPublisher : IMessagePublisher
    {
        private static readonly Task<PublishReceipt> Done = Task.FromResult(new PublishReceipt("bench.out", 0, 0));

        public Task<PublishReceipt> PublishAsync(OutgoingMessage message, CancellationToken cancellationToken = default)
        {
            // Encode like the Kafka publisher does, so the CloudEvent encoding is counted.
            _ = CloudEventKafkaCodec.ToKafka(message);
            return Done;
        }
    }
}
