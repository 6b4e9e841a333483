using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using IntegrationHub.Workflows.Runtime.Execution;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Benchmarks.Micro;

/// <summary>
/// Durable runs as the host does them (<c>IWorkflowStarter</c> and <c>IWorkflowResumer</c> over the SQLite store in a temp file): the same
/// 10-activity workflow with persistence (insert at start under a lease, commit and release at the end), and a
/// suspend (commit with a bookmark) + resume (lease, atomic bookmark consume, load, run, commit). Compare with the
/// in-memory rows of <see cref="WorkflowEngineBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class WorkflowPersistenceBenchmarks
{
    private const int Concurrent = 64;
    private static readonly JsonNode Input = JsonNode.Parse("""{"orderNumber":"SO-1","amount":1250.50,"customer":{"tier":"gold"}}""")!;
    private static readonly BookmarkStimulus Stimulus = new(BookmarkStimulus.EventKind, JsonNode.Parse("""{"ok":true}"""));
    private string _folder = null!;
    private ServiceProvider _services = null!;
    private WorkflowResumer _resumer = null!;
    private IWorkflowStarter _runner = null!;
    private CatalogEntry _ten = null!;
    private CatalogEntry _waiting = null!;

    /// <summary>The store's <c>Store:Synchronous</c>: <c>full</c> (the default) syncs at every commit, <c>normal</c> at checkpoints.</summary>
    [Params("full", "normal")]
    public string Synchronous { get; set; } = "full";

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("hub-bench-").FullName;
        File.WriteAllText(Path.Combine(_folder, "ten.yaml"), TenActivities());
        File.WriteAllText(Path.Combine(_folder, "waiting.yaml"), """
            definitionId: waiting
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: n, type: int, value: 0 }
            root:
              type: Sequence
              activities:
                - { id: a, type: SetVariable, variable: n, value: 1 }
                - { id: wait, type: WaitForEvent, event: go, correlationKey: "${ input.orderNumber }" }
                - { id: b, type: SetVariable, variable: n, value: 2 }
            """);
        _services = HubWorkflowServices.Build(_folder, new Dictionary<string, string?> { ["Store:Synchronous"] = Synchronous });
        var catalog = _services.GetRequiredService<WorkflowCatalog>();
        _ten = catalog.LoadFile(Path.Combine(_folder, "ten.yaml")) ?? throw new InvalidOperationException("ten.yaml did not load");
        _waiting = catalog.LoadFile(Path.Combine(_folder, "waiting.yaml")) ?? throw new InvalidOperationException("waiting.yaml did not load");
        _runner = _services.GetRequiredService<IWorkflowStarter>();
        _resumer = _services.GetRequiredService<WorkflowResumer>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "10 activities, persisted (SQLite: insert at start, commit at end)")]
    public async Task<WorkflowRunResult> TenActivitiesPersisted() => (await _runner.RunAsync(_ten, Input, null, CancellationToken.None)).Result;

    /// <summary>Instances started together, as a Kafka trigger with many records in flight does: their writes share group commits. Time and allocation are per instance.</summary>
    [Benchmark(Description = "10 activities, persisted, 64 concurrent (per instance)", OperationsPerInvoke = Concurrent)]
    public Task TenActivitiesPersistedConcurrently() =>
        Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => Task.Run(() => _runner.RunAsync(_ten, Input, null, CancellationToken.None))));

    [Benchmark(Description = "suspend + resume, 3 activities, persisted (SQLite)")]
    public async Task<WorkflowRunResult> SuspendAndResumePersisted()
    {
        var (id, suspended) = await _runner.RunAsync(_waiting, Input, null, CancellationToken.None);
        var b = suspended.Bookmarks[0];
        var outcome = await _resumer.ResumeAsync(new WorkflowBookmarkRecord(b.Id, id, b.ActivityId, b.Kind, b.Name, b.CorrelationKey, b.DueAt), Stimulus, CancellationToken.None);
        return outcome.Result ?? throw new InvalidOperationException($"not resumed: {outcome.Status}");
    }

    internal static string TenActivities()
    {
        var yaml = new System.Text.StringBuilder("""
            definitionId: ten
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: tier, type: string }
            root:
              type: Sequence
              activities:

            """);
        for (var i = 0; i < 10; i++)
        {
            yaml.AppendLine($"    - {{ id: a{i}, type: SetVariable, variable: tier, value: \"${{ input.customer.tier }}\" }}");
        }

        return yaml.ToString();
    }
}
