using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IntegrationHub.Connectors;
using IntegrationHub.Connectors.Fxiaoke;
using IntegrationHub.Sandbox.Faults;
using IntegrationHub.Sandbox.Fxiaoke;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Benchmarks.Connectors;

/// <summary>
/// Records per second the Fxiaoke connector reads (incremental, pages of 100) and upserts (batches of 100, query then
/// create or update per record) against the sandbox CRM on 127.0.0.1, without and with injected faults. The client-side
/// rate limit (60 calls per 20 s per interface) is switched off so the connector and the sandbox are measured, not the limit.
/// </summary>
internal static class FxiaokeThroughputDriver
{
    private const int Batch = 100;
    private static readonly FaultProfile Faults = new() { Latency = TimeSpan.FromMilliseconds(1), Jitter = TimeSpan.FromMilliseconds(2), ErrorRate = 0.05, ErrorStatus = 503, Seed = 1 };

    public static async Task<int> RunAsync(int records, int rounds)
    {
        var rows = new List<string>();
        foreach (var faulty in new[] { false, true })
        {
            var reads = new List<double>();
            var creates = new List<double>();
            var updates = new List<double>();
            long requests = 0, injected = 0;
            for (var round = 0; round < rounds; round++)
            {
                await using var sandbox = await FxiaokeSandbox.StartAsync(new FxiaokeSandboxOptions { SeedAccounts = records, DataSeed = round });
                using var host = Container(sandbox);
                await host.StartAsync();
                var customers = host.Services.GetServices<IConnector>().Single().Entities.Single(e => e.Entity == CanonicalEntity.Customer);
                await customers.Lookup!.GetAsync("warm-up"); // token and connection in place before timing
                sandbox.Faults.Apply(faulty ? Faults : new FaultProfile());

                var read = Stopwatch.StartNew();
                var count = 0;
                await foreach (var page in customers.Reader!.ReadChangesAsync(null))
                {
                    count += page.Records.Count;
                }

                read.Stop();
                Check(count == records, $"read {count} of {records} records");
                reads.Add(count / read.Elapsed.TotalSeconds);

                var incoming = Enumerable.Range(0, records)
                    .Select(i => new CanonicalRecord("erp", CanonicalEntity.Customer, $"BENCH{i:D6}", 1, JsonSerializer.SerializeToElement(new { name = $"Bench customer {i}" })))
                    .ToList();
                creates.Add(records / await UpsertAllAsync(customers.Upserter!, incoming));
                updates.Add(records / await UpsertAllAsync(customers.Upserter!, [.. incoming.Select(r => r with { SourceVersion = 2 })]));
                Check(sandbox.Records.Count("AccountObj") == 2 * records, "every upserted record exists once");
                requests += sandbox.Faults.Counts.Requests;
                injected += sandbox.Faults.Counts.Errors;
            }

            var label = faulty ? "5% 503, 1-3 ms latency" : "no faults";
            rows.Add(Row($"read ({label})", reads, records));
            rows.Add(Row($"upsert, create ({label})", creates, records));
            rows.Add(Row($"upsert, update ({label})", updates, records));
            rows.Add($"| ({label}) sandbox requests per round | {requests / rounds:N0} | injected 503s per round: {injected / rounds:N0} | | |");
        }

        Console.WriteLine();
        Console.WriteLine($"Fxiaoke connector against the sandbox CRM, {records:N0} records, {rounds} rounds (median, range)");
        Console.WriteLine();
        Console.WriteLine("| Phase | Records | records/s (median) | range (records/s) | |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    // Whole-batch retry on a transient failure, as IBatchUpserter's callers do; the elapsed seconds include the retries.
    private static async Task<double> UpsertAllAsync(IBatchUpserter upserter, IReadOnlyList<CanonicalRecord> records)
    {
        var watch = Stopwatch.StartNew();
        foreach (var chunk in records.Chunk(Batch))
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var results = await upserter.UpsertAsync(chunk);
                    Check(results.All(r => r.Succeeded), "every record upserted");
                    break;
                }
                catch (ConnectorTransientException) when (attempt < 20)
                {
                }
            }
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static IHost Container(FxiaokeSandbox sandbox)
    {
        var c = sandbox.Credentials;
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Connectors:Fxiaoke:BaseUrl"] = sandbox.BaseUrl.ToString(),
            ["Connectors:Fxiaoke:AppId"] = c.AppId,
            ["Connectors:Fxiaoke:AppSecret"] = c.AppSecret,
            ["Connectors:Fxiaoke:PermanentCode"] = c.PermanentCode,
            ["Connectors:Fxiaoke:OperatorUserId"] = c.OperatorUserId,
            ["Connectors:Fxiaoke:Limits:PermitLimit"] = "0",
            ["Connectors:Fxiaoke:Retry:BaseDelay"] = "00:00:00.010",
            ["Connectors:Fxiaoke:Retry:MaxDelay"] = "00:00:00.100",
            ["Connectors:Fxiaoke:CircuitBreaker:MinimumThroughput"] = "100000",
        });
        builder.Services.AddFxiaokeConnector();
        return builder.Build();
    }

    private static string Row(string name, List<double> rates, int records)
    {
        var sorted = rates.Order().ToList();
        return $"| {name} | {records:N0} | {sorted[sorted.Count / 2].ToString("N0", CultureInfo.InvariantCulture)} | {sorted[0]:N0} - {sorted[^1]:N0} | |";
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Benchmark check failed: " + what);
        }
    }
}
