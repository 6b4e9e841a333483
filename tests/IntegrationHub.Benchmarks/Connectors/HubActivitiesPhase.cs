using System.Diagnostics;
using IntegrationHub.Connectors.Hosting;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Sqlite;
using IntegrationHub.Testing;
using IntegrationHub.Testing.Connectors;
using IntegrationHub.Workflows;
using IntegrationHub.Workflows.Execution;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Benchmarks.Connectors;

/// <summary>
/// The connector path inside the hub: a workflow whose <c>Connector.ReadChanges</c> reads a stub CRM (Kestrel on
/// 127.0.0.1) and whose body <c>Connector.Upsert</c>s into a second one, with cursors and cross-references in a real
/// SQLite file. Run once per page (one batch upsert per 100 records) and once per record.
/// </summary>
internal static class HubActivitiesPhase
{
    public static async Task<IReadOnlyList<(string Phase, long Records, long Calls, TimeSpan Elapsed)>> RunAsync(int records, CancellationToken cancellationToken)
    {
        using var dir = new TempDirectory();
        await using var source = await StubCrmServer.StartAsync().ConfigureAwait(false);
        await using var perPage = await StubCrmServer.StartAsync().ConfigureAwait(false);
        await using var perRecord = await StubCrmServer.StartAsync().ConfigureAwait(false);
        for (var i = 0; i < records; i++)
        {
            source.Seed($"customer {i}");
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Store:SqlitePath"] = dir.File("hub.db") }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddHubStore();
        services.AddWorkflowEngine().AddConnectorActivities();
        StubCrmConnector.Register(services, "source", source.BaseUrl, pageSize: 100);
        StubCrmConnector.Register(services, "perpage", perPage.BaseUrl);
        StubCrmConnector.Register(services, "perrecord", perRecord.BaseUrl);
        services.AddConnectorHub(configuration);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<SqliteMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        var engine = provider.GetRequiredService<WorkflowEngine>();

        var results = new List<(string, long, long, TimeSpan)>();
        foreach (var (per, target) in new[] { ("page", "perpage"), ("record", "perrecord") })
        {
            var load = engine.Load("bench.yaml", $$"""
                definitionId: bench-{{per}}
                version: 1
                trigger: { type: Manual }
                variables:
                  - { name: item, type: json }
                  - { name: count, type: long }
                root:
                  type: Sequence
                  activities:
                    - id: read
                      type: Connector.ReadChanges
                      system: source
                      entity: customer
                      variable: item
                      per: {{per}}
                      countVariable: count
                      activities:
                        - { id: write, type: Connector.Upsert, system: {{target}}, entity: customer, records: "${ item }" }
                """);
            if (!load.Succeeded)
            {
                throw new InvalidOperationException(string.Join(Environment.NewLine, load.Errors));
            }

            var calls = source.Requests + perPage.Requests + perRecord.Requests;
            var watch = Stopwatch.StartNew();
            var run = await engine.RunAsync(load.Workflow!, null, cancellationToken).ConfigureAwait(false);
            watch.Stop();
            if (run.SubStatus != WorkflowSubStatus.Finished)
            {
                throw new InvalidOperationException($"bench-{per} ended {run.SubStatus}: {run.Incident?.Message}");
            }

            results.Add(($"hub: Connector.ReadChanges -> Connector.Upsert per {per} (stub CRMs, SQLite cross-references)", (long)run.Variables["count"]!,
                source.Requests + perPage.Requests + perRecord.Requests - calls, watch.Elapsed));
        }

        SqliteConnection.ClearAllPools();
        return results;
    }
}
