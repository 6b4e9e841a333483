using System.Text.Json.Nodes;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using IntegrationHub.Workflows.Activities;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Execution;
using IntegrationHub.Workflows.Runtime.Execution;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Workflows.Runtime.Tests;

/// <summary>
/// The durable runtime with no HTTP and no Kafka: the engine, the runtime verbs and the real SQLite store in a temp
/// file (migrated by starting the host), on a <see cref="FakeTimeProvider"/> the test moves by hand.
/// </summary>
internal sealed class RuntimeHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly IHost _host;

    private RuntimeHarness(string nodeId, Action<IServiceCollection>? configure, TempDirectory? shared)
    {
        if (shared is not null)
        {
            _dir.Dispose();
            _dir = shared;
            OwnsFolder = false;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:SqlitePath"] = _dir.File("hub.db"),
            ["Workflows:NodeId"] = nodeId,
            ["Workflows:LeaseDuration"] = "00:00:30",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddHubStore();
        builder.Services.AddWorkflowEngine().AddRuntimeActivitiesAndTriggers();
        builder.Services.AddDurableWorkflows(background: false);
        configure?.Invoke(builder.Services);
        _host = builder.Build();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    public TempDirectory Folder => _dir;

    private bool OwnsFolder { get; } = true;

    public IServiceProvider Services => _host.Services;

    public IWorkflowStarter Starter => Services.GetRequiredService<IWorkflowStarter>();

    public IWorkflowResumer Resumer => Services.GetRequiredService<IWorkflowResumer>();

    public IWorkflowRetrier Retrier => Services.GetRequiredService<IWorkflowRetrier>();

    public IWorkflowCanceller Canceller => Services.GetRequiredService<IWorkflowCanceller>();

    public IWorkflowInstanceStore Instances => Services.GetRequiredService<IWorkflowInstanceStore>();

    public IWorkflowBookmarkStore Bookmarks => Services.GetRequiredService<IWorkflowBookmarkStore>();

    /// <summary>A runtime on a new store, or (with <paramref name="shared"/>) on another harness's store, as a second node.</summary>
    public static async Task<RuntimeHarness> StartAsync(string nodeId = "node-a", Action<IServiceCollection>? configure = null, TempDirectory? shared = null)
    {
        var harness = new RuntimeHarness(nodeId, configure, shared);
        await harness._host.StartAsync();
        return harness;
    }

    public CatalogEntry Load(string yaml)
    {
        var path = _dir.File($"wf-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        var catalog = Services.GetRequiredService<WorkflowCatalog>();
        return catalog.LoadFile(path) ?? throw new InvalidOperationException("did not load: " + string.Join("; ", catalog.Rejected.Values.SelectMany(r => r.Errors)));
    }

    public Task<(Guid InstanceId, WorkflowRunResult Result)> RunAsync(CatalogEntry entry, string input = "{}") =>
        Starter.RunAsync(entry, JsonNode.Parse(input), null, CancellationToken.None);

    public async Task<WorkflowInstanceRecord> InstanceAsync(Guid id) =>
        await Instances.GetAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"no instance {id}");

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        if (OwnsFolder)
        {
            _dir.Dispose();
        }
    }
}

/// <summary>A test activity that fails while <see cref="Broken"/> is set (a downstream system that is down), else succeeds.</summary>
[Activity("Test.Flaky", "Fails while the test says the downstream is down.")]
internal sealed class FlakyActivity : IActivity
{
    public static volatile bool Broken;

    public ValueTask<string> ExecuteAsync(ActivityContext context) =>
        Broken ? throw new InvalidOperationException("downstream is down") : ValueTask.FromResult(ActivityOutcomes.Done);
}
