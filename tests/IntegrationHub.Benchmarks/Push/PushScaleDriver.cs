using System.Globalization;
using IntegrationHub.Kafka.Embedded;
using IntegrationHub.Testing;

namespace IntegrationHub.Benchmarks.Push;

/// <summary>
/// Issue 12's push measurement: the durable ERP push (<c>POST /api/v1/orders</c>, no workflows) on SQLite with one hub,
/// and on PostgreSQL with 1 and 3 hubs, every hub its own process on one Kafka cluster (embedded in this driver's process,
/// as one cluster all hubs share) and, for PostgreSQL, one durable throwaway server (fsync and synchronous commit on).
/// wrk loads each hub from its own process at the same time (the connections split between the hubs, as a load balancer
/// would); the table sums the rates and takes the worst hub's p50/p99.
/// </summary>
internal static class PushScaleDriver
{
    private const string ApiKey = PushLoadDriver.ApiKey;

    public static async Task<int> RunAsync(int[] instanceCounts, int connections, int rounds, int seconds, CancellationToken cancellationToken)
    {
        await WrkRun.EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        using var kafka = new EmbeddedKafkaCluster(3);
        var postgres = await PostgresServer.StartAsync(durable: true, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"push-scale: Kafka {kafka.BootstrapServers} (3 embedded brokers, shared), durable PostgreSQL; {connections} connections split over the hubs, {rounds} rounds of {seconds} s");
        var table = new List<string>
        {
            "| store | hubs | req/s (sum) | p50 / p99 ms (worst hub) | CPU per push (hubs) | not 2xx |",
            "|---|---:|---:|---:|---:|---:|",
        };
        var setups = new List<(string Store, int Hubs)> { ("sqlite", 1) };
        setups.AddRange(instanceCounts.Select(n => ("postgresql", n)));
        var run = 0;
        foreach (var (store, count) in setups)
        {
            using var folder = new TempDirectory();
            var script = PushScript.Write(folder.Path, ApiKey);
            var settings = new Dictionary<string, string> { ["Kafka__BootstrapServers"] = kafka.BootstrapServers };
            if (store == "postgresql")
            {
                settings["Store__Provider"] = "postgresql";
                settings["Store__ConnectionString"] = await postgres.CreateDatabaseAsync("push", cancellationToken).ConfigureAwait(false) + ";Maximum Pool Size=200";
            }

            var hubs = new List<HubProcess>();
            try
            {
                foreach (var i in Enumerable.Range(0, count))
                {
                    hubs.Add(await HubProcess.StartAsync(Directory.CreateDirectory(Path.Combine(folder.Path, "hub" + i)).FullName, ApiKey, "full", cancellationToken, settings).ConfigureAwait(false));
                }

                var each = Math.Max(1, connections / count);
                await Task.WhenAll(hubs.Select(h => WrkRun.RunAsync(h.Url, script, each, 3, $"w{Environment.ProcessId}-{++run}", cancellationToken))).ConfigureAwait(false); // warm-up
                var rates = new List<double>();
                var p50s = new List<double>();
                var p99s = new List<double>();
                var cpus = new List<double>();
                long notAccepted = 0;
                for (var round = 0; round < rounds; round++)
                {
                    var cpu = hubs.Select(h => h.CpuTime()).ToList();
                    var runs = await Task.WhenAll(hubs.Select(h => WrkRun.RunAsync(h.Url, script, each, seconds, $"r{Environment.ProcessId}-{++run}", cancellationToken))).ConfigureAwait(false);
                    var used = hubs.Select((h, i) => (h.CpuTime() - cpu[i]).TotalMilliseconds).Sum();
                    var requests = runs.Sum(r => r.Requests);
                    rates.Add(runs.Sum(r => r.RequestsPerSecond));
                    p50s.Add(runs.Max(r => r.P50Ms));
                    p99s.Add(runs.Max(r => r.P99Ms));
                    cpus.Add(used / Math.Max(1, requests));
                    notAccepted += runs.Sum(r => r.NotAccepted + r.SocketErrors);
                    Console.WriteLine(PushLoadDriver.Invariant($"{store} x{count} round {round + 1}: {rates[^1]:F0} req/s, worst p99 {p99s[^1]:F1} ms, CPU per push {cpus[^1]:F2} ms"));
                }

                table.Add(PushLoadDriver.Invariant($"| {store} | {count} | {PushLoadDriver.Median(rates):N0} | {PushLoadDriver.Median(p50s):F1} / {PushLoadDriver.Median(p99s):F1} | {PushLoadDriver.Median(cpus):F2} ms | {notAccepted} |"));
            }
            finally
            {
                hubs.ForEach(h => h.Dispose());
            }
        }

        Console.WriteLine();
        Console.WriteLine("Medians over the rounds; p50/p99 of the worst hub in each round.");
        table.ForEach(Console.WriteLine);
        return 0;
    }
}
