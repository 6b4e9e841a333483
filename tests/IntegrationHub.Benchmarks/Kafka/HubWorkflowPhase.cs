using System.Globalization;
using IntegrationHub.Host;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>
/// The brief's pipeline: topic -> workflow with a map -> topic, on the whole hub (<see cref="HubApplication"/> with its
/// SQLite store, catalog, folder watcher, Kafka trigger and PublishMessage). One hub runs every round, as in production:
/// every round's workflow file is dropped into the watched folder first (the hub loads each, compiles its C#
/// expressions with Roslyn and starts its consumer), then the phase waits until the JIT has settled (Roslyn's own code
/// tiers up for seconds after its first use, which a long-running hub pays once at start), and each round then times
/// its own input topic. The workflow computes two fields from the order (C# expressions), builds a new JSON payload
/// and publishes it, keyed like the input, with the input event's id. Timed from the first output record to the last.
/// </summary>
internal sealed class HubWorkflowPhase : IAsyncDisposable
{
    public const string NamePrefix = "hub workflow pipeline";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private readonly TempDirectory _dir;
    private readonly string _workflows;
    private readonly TimeProvider _time;

    private HubWorkflowPhase(WebApplication app, TempDirectory dir, string workflows, TimeProvider time)
    {
        _app = app;
        _dir = dir;
        _workflows = workflows;
        _time = time;
    }

    public static string Workflow(string definitionId, string inputTopic, string outputTopic, string persistence) => $$"""
        definitionId: {{definitionId}}
        version: 1
        persistence: {{persistence}}
        trigger: { type: Kafka.MessageReceived, topic: {{inputTopic}}, group: bench-wf-{{inputTopic}} }
        variables:
          - { name: gross, type: decimal, value: 0 }
          - { name: tier, type: string, value: small }
        root:
          type: Sequence
          activities:
            - { id: gross, type: SetVariable, variable: gross, value: "${ (decimal)input[\"data\"]![\"total\"]! * 1.19m }" }
            - { id: tier, type: SetVariable, variable: tier, value: "${ gross >= 5000m ? \"large\" : \"small\" }" }
            - id: publish
              type: PublishMessage
              topic: {{outputTopic}}
              key: ${ input.key }
              eventId: ${ input.event.id }
              eventType: com.integrationhub.benchmark.order.mapped.v1
              payload:
                orderId: ${ input.data.orderId }
                customer: ${ input.key }
                gross: ${ gross }
                tier: ${ tier }
        """;

    /// <summary>Starts the hub with an empty workflow folder; <paramref name="topics"/> are every topic a round may name.</summary>
    public static async Task<HubWorkflowPhase> StartAsync(string bootstrapServers, IReadOnlyList<string> topics, int maxInFlight, TimeProvider time, CancellationToken cancellationToken)
    {
        var dir = new TempDirectory();
        var workflows = Directory.CreateDirectory(dir.File("workflows")).FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Hub:Urls"] = "http://127.0.0.1:0",
            ["Hub:Clients:bench:Key"] = "bench-key-0123456789abcdef",
            ["Hub:Clients:bench:Scopes"] = "admin",
            ["Store:SqlitePath"] = dir.File("hub.db"),
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Kafka:FetchWaitMax"] = "00:00:00.010",
            ["Workflows:Path"] = workflows,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        for (var i = 0; i < topics.Count; i++)
        {
            settings[string.Create(CultureInfo.InvariantCulture, $"Kafka:Topics:{i}")] = topics[i];
        }

        if (maxInFlight > 0)
        {
            settings["Kafka:MaxInFlight"] = maxInFlight.ToString(CultureInfo.InvariantCulture);
        }

        var app = await HubApplication.BuildAsync([], b =>
        {
            b.Configuration.AddInMemoryCollection(settings);
            b.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        }, cancellationToken).ConfigureAwait(false);
        await HubApplication.StartAsync(app, cancellationToken).ConfigureAwait(false);
        return new HubWorkflowPhase(app, dir, workflows, time);
    }

    /// <summary>Writes one workflow file per round (definition id from the input topic) and waits for the JIT to settle.</summary>
    public async Task LoadAsync(IEnumerable<(string InputTopic, string OutputTopic, string Persistence)> rounds, CancellationToken cancellationToken)
    {
        foreach (var (input, output, persistence) in rounds)
        {
            var definitionId = "bench-map-" + input.Replace('.', '-');
            await File.WriteAllTextAsync(Path.Combine(_workflows, definitionId + ".yaml"), Workflow(definitionId, input, output, persistence), cancellationToken).ConfigureAwait(false);
        }

        // Settled: fewer than 20 methods compiled in a second, twice in a row (at most 60 s).
        var quiet = 0;
        var last = System.Runtime.JitInfo.GetCompiledMethodCount();
        for (var i = 0; i < 60 && quiet < 2; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            quiet = now - last < 20 ? quiet + 1 : 0;
            last = now;
        }
    }

    /// <summary>Waits for <paramref name="total"/> records on <paramref name="outputTopic"/> (its input was just produced).</summary>
    public async Task<PhaseResult> RunAsync(string name, string outputTopic, int total, WatermarkCounter counter, CancellationToken cancellationToken)
    {
        var writer = _app.Services.GetRequiredService<IntegrationHub.Storage.Sqlite.SqliteGroupCommit>();
        var (commits, writes, busy) = (writer.Commits, writer.Writes, writer.Busy);
        var start = _time.GetTimestamp();
        var (firstCount, first) = await counter.WaitForAsync(outputTopic, 1, cancellationToken).ConfigureAwait(false);
        var (count, seen) = await counter.WaitForAsync(outputTopic, total, cancellationToken).ConfigureAwait(false);

        // Records already out when the first poll saw the topic are left out of the steady rate.
        var steady = _time.GetElapsedTime(first, seen);
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{name}: store writer {writer.Writes - writes:N0} writes in {writer.Commits - commits:N0} commits, busy {(writer.Busy - busy) / _time.GetElapsedTime(start, seen):P0} of the phase"));
        return new PhaseResult(name, total, Math.Min(count, total), _time.GetElapsedTime(start, seen), null, count < total)
        {
            SteadyOverride = (total - firstCount) / Math.Max(steady.TotalSeconds, 1e-9),
        };
    }

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(StopTimeout, _time))
        {
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _dir.Dispose();
    }
}
