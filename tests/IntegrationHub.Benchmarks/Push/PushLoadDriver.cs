using System.Globalization;
using IntegrationHub.Testing;

namespace IntegrationHub.Benchmarks.Push;

/// <summary>
/// Issue 13's push measurement: <c>POST /api/v1/orders</c> on the hub (its own process: embedded Kafka, SQLite, no
/// workflows) and on a bare minimal API binding the same body, loaded by wrk from its own process at each concurrency,
/// rounds alternating between the two so both see the same machine; medians, the ratio, and the hub's memory and CPU per push.
/// </summary>
internal static class PushLoadDriver
{
    public const string ApiKey = "push-bench-key-0123456789abcdef";

    public static async Task<int> RunAsync(int[] concurrencies, int rounds, int seconds, string synchronous, CancellationToken cancellationToken)
    {
        await WrkRun.EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        using var folder = new TempDirectory();
        var script = PushScript.Write(folder.Path, ApiKey);
        await using var bare = await BareOrderEndpoint.StartAsync().ConfigureAwait(false);
        using var hub = await HubProcess.StartAsync(folder.Path, ApiKey, synchronous, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"push: hub {hub.Url} (Store:Synchronous={synchronous}), bare {bare.Url}; {rounds} rounds of {seconds} s per side and concurrency, wrk -t 2");
        var run = 0;
        string Next() => $"r{Environment.ProcessId}-{++run}";

        var table = new List<string>
        {
            "| connections | hub req/s | hub p50 / p99 ms | bare req/s | bare p50 / p99 ms | hub / bare | hub CPU per push | hub RSS now / peak MB |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        foreach (var connections in concurrencies)
        {
            await WrkRun.RunAsync(hub.Url, script, connections, 3, Next(), cancellationToken).ConfigureAwait(false); // warm-up
            await WrkRun.RunAsync(bare.Url, script, connections, 3, Next(), cancellationToken).ConfigureAwait(false);
            var hubRuns = new List<WrkRun>();
            var bareRuns = new List<WrkRun>();
            var cpuPerPush = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var cpu = hub.CpuTime();
                var h = await WrkRun.RunAsync(hub.Url, script, connections, seconds, Next(), cancellationToken).ConfigureAwait(false);
                cpuPerPush.Add((hub.CpuTime() - cpu).TotalMilliseconds / Math.Max(1, h.Requests));
                var b = await WrkRun.RunAsync(bare.Url, script, connections, seconds, Next(), cancellationToken).ConfigureAwait(false);
                hubRuns.Add(h);
                bareRuns.Add(b);
                Console.WriteLine(Invariant($"c={connections} round {round + 1}: hub {h.RequestsPerSecond:F0} req/s (p99 {h.P99Ms:F1} ms, not 2xx {h.NotAccepted}, socket errors {h.SocketErrors}), bare {b.RequestsPerSecond:F0} req/s (p99 {b.P99Ms:F1} ms), ratio {h.RequestsPerSecond / b.RequestsPerSecond:P1}"));
            }

            var (now, peak) = hub.Memory();
            var hubRate = Median(hubRuns.Select(r => r.RequestsPerSecond));
            var bareRate = Median(bareRuns.Select(r => r.RequestsPerSecond));
            var ratio = Median(hubRuns.Zip(bareRuns, (h, b) => h.RequestsPerSecond / b.RequestsPerSecond));
            table.Add(Invariant($"| {connections} | {hubRate:N0} | {Median(hubRuns.Select(r => r.P50Ms)):F1} / {Median(hubRuns.Select(r => r.P99Ms)):F1} | {bareRate:N0} | {Median(bareRuns.Select(r => r.P50Ms)):F2} / {Median(bareRuns.Select(r => r.P99Ms)):F2} | **{ratio:P1}** | {Median(cpuPerPush):F2} ms | {now:F0} / {peak:F0} |"));
            if (hubRuns.Any(r => r.NotAccepted > 0 || r.SocketErrors > 0))
            {
                table.Add(Invariant($"| | not 2xx: {hubRuns.Sum(r => r.NotAccepted)}, socket errors: {hubRuns.Sum(r => r.SocketErrors)} | | | | | | |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("Ratio: median of the per-round ratios (each hub round next to the bare round after it).");
        table.ForEach(Console.WriteLine);
        return 0;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
