using IntegrationHub.Host;
using IntegrationHub.Sandbox.Hosting;
using IntegrationHub.Testing;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Execution;
using IntegrationHub.Workflows.Runtime.Execution;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Benchmarks.Flows;

/// <summary>
/// The whole hub in this process (SQLite, embedded Kafka) against the five sandboxes, with some of the repository's
/// workflow files (schedules stretched to a day, so only the benchmark starts runs), and the vendors' published limits on
/// (sandboxes and connectors) or off. Counts each sandbox's requests.
/// </summary>
internal sealed class FlowBenchHost : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly WebApplication _app;

    private FlowBenchHost(TempDirectory dir, SandboxSystems sandboxes, WebApplication app)
    {
        _dir = dir;
        Sandboxes = sandboxes;
        _app = app;
    }

    public const string ApiKey = "bench-key-0123456789abcdef";

    public SandboxSystems Sandboxes { get; }

    /// <summary>Where the hub's API listens.</summary>
    public Uri BaseUrl => new(_app.Urls.First().TrimEnd('/') + "/");

    public IServiceProvider Services => _app.Services;

    /// <summary>The hub's SQLite file.</summary>
    public string DatabasePath => _dir.File("hub.db");

    /// <summary>Starts the sandboxes (empty unless <paramref name="sandboxSettings"/> seeds them), lets <paramref name="seed"/> fill them, then the hub.</summary>
    public static async Task<FlowBenchHost> StartAsync(bool limits, IReadOnlyList<string> flows, Action<SandboxSystems> seed, IDictionary<string, string?>? sandboxSettings, CancellationToken cancellationToken, IDictionary<string, string?>? hubSettings = null)
    {
        var dir = new TempDirectory();
        var sandboxConfig = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(sandboxSettings ?? new Dictionary<string, string?>())
        {
            ["Sandbox:PublishedLimits"] = limits ? "true" : "false",
        }).Build();
        var sandboxes = await SandboxSystems.StartAsync(sandboxConfig, demo: false, cancellationToken).ConfigureAwait(false);
        seed(sandboxes);

        var workflows = Directory.CreateDirectory(dir.File("workflows")).FullName;
        foreach (var flow in flows)
        {
            var text = await File.ReadAllTextAsync(Path.Combine(Root(), "workflows", flow + ".yaml"), cancellationToken).ConfigureAwait(false);
            var stretched = text.Replace("interval: PT1M", "interval: PT24H", StringComparison.Ordinal).Replace("interval: PT5M", "interval: PT24H", StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(workflows, flow + ".yaml"), stretched, cancellationToken).ConfigureAwait(false);
        }

        var settings = new Dictionary<string, string?>
        {
            ["Hub:Urls"] = "http://127.0.0.1:0",
            ["Hub:Clients:bench:Key"] = ApiKey,
            ["Hub:Clients:bench:Scopes"] = "admin",
            ["Store:SqlitePath"] = dir.File("hub.db"),
            ["Workflows:Path"] = workflows,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in hubSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        if (!limits)
        {
            foreach (var system in new[] { "Fxiaoke", "Kingdee", "Xero", "Mailchimp" })
            {
                settings[$"Connectors:{system}:Limits:PermitLimit"] = "0";
                settings[$"Connectors:{system}:Limits:DailyPermitLimit"] = "0";
            }
        }

        var app = await HubApplication.BuildAsync([], b =>
        {
            b.Configuration.AddInMemoryCollection(sandboxes.HubSettings()).AddInMemoryCollection(settings);
            b.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        }, cancellationToken).ConfigureAwait(false);
        await HubApplication.StartAsync(app, cancellationToken).ConfigureAwait(false);
        return new FlowBenchHost(dir, sandboxes, app);
    }

    /// <summary>Requests each vendor sandbox answered so far (Salesforce is not part of the flows).</summary>
    public Dictionary<string, long> Requests() =>
        Sandboxes.Systems.Where(s => s.System != "salesforce").ToDictionary(s => s.System, s => s.Faults.Counts.Requests);

    /// <summary>Runs one flow to its end; anything but Finished is an error.</summary>
    public async Task<WorkflowRunResult> RunAsync(string flow, CancellationToken cancellationToken)
    {
        var entry = Services.GetRequiredService<WorkflowCatalog>().Find(flow) ?? throw new InvalidOperationException($"{flow} did not load");
        var (_, result) = await Services.GetRequiredService<IWorkflowStarter>().RunAsync(entry, new System.Text.Json.Nodes.JsonObject(), "bench", cancellationToken).ConfigureAwait(false);
        return result.SubStatus == WorkflowSubStatus.Finished ? result : throw new InvalidOperationException($"{flow} ended {result.SubStatus}: {result.Incident?.Message}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await Sandboxes.DisposeAsync().ConfigureAwait(false);
        _dir.Dispose();
    }

    /// <summary>The repository root (the folder holding IntegrationHub.sln).</summary>
    internal static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IntegrationHub.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
