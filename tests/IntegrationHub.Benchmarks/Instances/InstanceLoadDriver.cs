using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using IntegrationHub.Benchmarks.Micro;
using IntegrationHub.Storage.Sqlite;
using IntegrationHub.Testing;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Runtime.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Benchmarks.Instances;

/// <summary>
/// Persisted workflow instances under load (issue 13, goal 3): the 10-activity workflow of
/// <see cref="WorkflowPersistenceBenchmarks"/> with <c>persistence: always</c>, started by C callers at once for S seconds
/// through <c>IWorkflowStarter</c> on a SQLite file, as a Kafka trigger with many records in flight starts them. Reports
/// instances/s, the time per instance (wall and CPU), how many writes shared a commit, how busy the store's single writer
/// was, and the process's working set.
/// </summary>
internal static class InstanceLoadDriver
{
    private static readonly JsonNode Input = JsonNode.Parse("""{"orderNumber":"SO-1","amount":1250.50,"customer":{"tier":"gold"}}""")!;

    public static async Task<int> RunAsync(int[] concurrencies, int seconds, string synchronous)
    {
        Console.WriteLine("| concurrency | Store:Synchronous | instances/s | wall per instance | CPU per instance | writes per commit | writer busy | working set now / peak MB |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var concurrency in concurrencies)
        {
            using var folder = new TempDirectory();
            File.WriteAllText(Path.Combine(folder.Path, "ten.yaml"), WorkflowPersistenceBenchmarks.TenActivities());
            await using var services = HubWorkflowServices.Build(folder.Path, new Dictionary<string, string?> { ["Store:Synchronous"] = synchronous });
            var entry = services.GetRequiredService<WorkflowCatalog>().LoadFile(Path.Combine(folder.Path, "ten.yaml")) ?? throw new InvalidOperationException("ten.yaml did not load");
            var starter = services.GetRequiredService<IWorkflowStarter>();
            var writes = services.GetRequiredService<SqliteGroupCommit>();
            await RunForAsync(starter, entry, concurrency, TimeSpan.FromSeconds(Math.Min(3, seconds))).ConfigureAwait(false); // warm-up

            using var self = Process.GetCurrentProcess();
            var (commits, written, busy) = (writes.Commits, writes.Writes, writes.Busy);
            var cpu = self.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var instances = await RunForAsync(starter, entry, concurrency, TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
            var elapsed = clock.Elapsed;
            self.Refresh();
            var cpuUsed = self.TotalProcessorTime - cpu;
            var perCommit = (double)(writes.Writes - written) / Math.Max(1, writes.Commits - commits);
            var writerBusy = (writes.Busy - busy) / elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {concurrency} | {synchronous} | {instances / elapsed.TotalSeconds:N0} | {elapsed.TotalMicroseconds / instances:F0} us | {cpuUsed.TotalMicroseconds / instances:F0} us | {perCommit:F1} | {writerBusy:P0} | {self.WorkingSet64 / 1048576.0:F0} / {self.PeakWorkingSet64 / 1048576.0:F0} |"));
        }

        return 0;
    }

    private static async Task<long> RunForAsync(IWorkflowStarter starter, CatalogEntry entry, int concurrency, TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long count = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                await starter.RunAsync(entry, Input, null, CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref count);
            }
        }))).ConfigureAwait(false);
        return count;
    }
}
