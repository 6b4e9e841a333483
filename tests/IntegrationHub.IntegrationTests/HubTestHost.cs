using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using IntegrationHub.Host;
using IntegrationHub.Sandbox.Fxiaoke;
using IntegrationHub.Sandbox.Hosting;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.IntegrationTests;

/// <summary>
/// The real hub (Kestrel on 127.0.0.1, SQLite file, Kafka consumer loop) against the shared embedded Kafka cluster and
/// its own vendor sandboxes (started in the test process, as the dev environment starts them in its own, and handed to
/// the hub as configuration), with a unique orders topic and consumer group so tests do not see each other's records.
/// </summary>
public sealed class HubTestHost : IAsyncDisposable
{
    public const string ApiKey = "test-key-0123456789abcdef";
    private readonly TempDirectory _dir;
    private readonly SandboxSystems _sandboxes;

    private HubTestHost(WebApplication app, TempDirectory dir, string topic, SandboxSystems sandboxes)
    {
        App = app;
        _dir = dir;
        _sandboxes = sandboxes;
        OrdersTopic = topic;
        Http = new HttpClient { BaseAddress = HubApplication.ListeningAddress(app) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public string OrdersTopic { get; }

    public FxiaokeSandbox Crm => _sandboxes.Fxiaoke!;

    public SandboxSystems Sandboxes => _sandboxes;

    /// <summary>The sandbox of <paramref name="system"/> (kingdee, xero, mailchimp, salesforce) as its own type.</summary>
    public T Sandbox<T>(string system) => (T)_sandboxes.Systems.Single(s => s.System == system).Owner;

    /// <summary>Requests the sandbox of <paramref name="system"/> answered so far.</summary>
    public long Requests(string system) => _sandboxes.Systems.Single(s => s.System == system).Faults.Counts.Requests;

    /// <summary>One flow of <c>GET /api/v1/flows</c>.</summary>
    public async Task<JsonElement> FlowAsync(string flow) =>
        (await GetJsonAsync("api/v1/flows")).GetProperty("flows").EnumerateArray().Single(f => f.GetProperty("flow").GetString() == flow);

    public string DatabasePath => _dir.File("hub.db");

    public string WorkflowsPath => _dir.File("workflows");

    /// <summary>The repository's order flow (workflows/erp-orders-to-crm.yaml) on its own topic and a fresh consumer group.</summary>
    public static string OrderFlow(string topic) =>
        File.ReadAllText(Path.Combine(Repository.Root, "workflows", "erp-orders-to-crm.yaml"))
            .Replace("topic: erp.orders", $"topic: {topic}", StringComparison.Ordinal)
            .Replace("group: hub.erp-orders-to-crm", $"group: {SharedKafka.UniqueName("hub")}", StringComparison.Ordinal);

    /// <summary>A flow that reads the CRM's customer changes (Connector.ReadChanges, fxiaoke) and logs each one, with the given trigger.</summary>
    public static string CrmReaderFlow(string definitionId, string trigger) => $$"""
        definitionId: {{definitionId}}
        version: 1
        trigger: {{trigger}}
        variables:
          - { name: account, type: json }
        root:
          type: Sequence
          activities:
            - id: read
              type: Connector.ReadChanges
              system: fxiaoke
              entity: customer
              variable: account
              activities:
                - { id: seen, type: Log, message: "${ account.externalId }" }
        """;

    /// <summary>Creates the host's workflow folder with files before it starts (the overrides can still move it).</summary>
    public static TempDirectory PrepareWorkflows(TempDirectory dir, IDictionary<string, string> files)
    {
        var folder = Directory.CreateDirectory(dir.File("workflows")).FullName;
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }

        return dir;
    }

    /// <summary>The settings that put a hub on a fresh database of the test run's throwaway PostgreSQL server.</summary>
    public static async Task<Dictionary<string, string?>> PostgresStoreAsync() => new()
    {
        ["Store:Provider"] = "postgresql",
        ["Store:ConnectionString"] = await SharedPostgres.CreateDatabaseAsync("hub"),
    };

    /// <summary>Elsa Studio's files as <c>./build.sh setup</c> fetches them into the repository.</summary>
    public static string DesignerPath => Path.Combine(Repository.Root, ".designer", "elsa-studio-wasm-3.8.2", "package");

    public static async Task<HubTestHost> StartAsync(IDictionary<string, string?>? overrides = null, IDictionary<string, string>? workflows = null, Action<IServiceCollection>? services = null)
    {
        var topic = SharedKafka.UniqueName("erp.orders");
        var files = new Dictionary<string, string>(workflows ?? new Dictionary<string, string>()) { ["erp-orders-to-crm.yaml"] = OrderFlow(topic) };
        var dir = PrepareWorkflows(new TempDirectory(), files);
        var settings = new Dictionary<string, string?>
        {
            ["Hub:Urls"] = "http://127.0.0.1:0",
            ["Hub:Clients:erp-test:Key"] = ApiKey,
            ["Hub:Clients:erp-test:Scopes"] = "admin",
            ["Hub:OrdersTopic"] = topic,
            ["Store:SqlitePath"] = dir.File("hub.db"),
            ["Kafka:BootstrapServers"] = SharedKafka.BootstrapServers,
            ["Kafka:FetchWaitMax"] = "00:00:00.010",
            ["Kafka:SessionTimeout"] = "00:00:06",
            ["Kafka:RetryBackoff"] = "00:00:00.050",
            ["Workflows:Path"] = Directory.CreateDirectory(dir.File("workflows")).FullName,
            ["Hub:Designer:Path"] = DesignerPath,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var sandboxes = await SandboxSystems.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), demo: false);
        var hubSettings = sandboxes.HubSettings().ToList();
        WebApplication app;
        try
        {
            app = await HubApplication.BuildAsync([], b =>
            {
                b.Configuration.AddInMemoryCollection(hubSettings).AddInMemoryCollection(settings);
                b.Logging.ClearProviders();
                if (Environment.GetEnvironmentVariable("HUB_TEST_LOGS") == "1") { b.Logging.AddSimpleConsole(o => o.SingleLine = true); }
                services?.Invoke(b.Services);
            });
            await HubApplication.StartAsync(app);
        }
        catch
        {
            await sandboxes.DisposeAsync();
            throw;
        }

        return new HubTestHost(app, dir, topic, sandboxes);
    }

    public Task<HttpResponseMessage> PushAsync(string json, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/orders") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return Http.SendAsync(request);
    }

    /// <summary>Runs a loaded workflow through <c>POST /api/v1/workflows/{flow}/run</c> with <paramref name="input"/>; the answer (instance, status, variables, journal).</summary>
    public async Task<JsonElement> RunWorkflowAsync(string flow, object input)
    {
        using var response = await Http.PostAsJsonAsync($"api/v1/workflows/{flow}/run", input);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> GetJsonAsync(string path) =>
        await Http.GetFromJsonAsync<JsonElement>(path);

    public async Task<long> CountRowsAsync(string table)
    {
        if (App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IntegrationHub.Storage.StoreOptions>>().Value.IsPostgres)
        {
            await using var command = App.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand($"SELECT COUNT(*) FROM {table}");
            return (long)(await command.ExecuteScalarAsync())!;
        }

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await _sandboxes.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
