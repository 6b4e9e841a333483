using System.Diagnostics;
using System.Globalization;
using System.Net;
using IntegrationHub.Connectors.Hosting.Activities;
using IntegrationHub.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Benchmarks.Flows;

/// <summary>
/// Issue 13's whole job: the demo's load (the ERP pushing orders to <c>POST /api/v1/orders</c>, the order flow
/// <c>erp-orders-to-crm</c> upserting them into the Fxiaoke sandbox CRM) at a paced, open-loop rate, doubled every step
/// until something saturates: the push answers slow down (intake), or the orders reach the CRM slower than they are
/// accepted (the flow). Each step reports the offered, accepted and delivered rates, push latency, the store writer's
/// utilisation and the process's CPU, and names what saturated. The whole hub, the sandboxes and this driver share one
/// process (as in <c>erp-flows</c>), so CPU is theirs together.
/// </summary>
internal static class SaturationDriver
{
    private const int MaxInFlight = 1024;

    public static async Task<int> RunAsync(int startRate, int maxRate, int stepSeconds, int customers, bool limits, CancellationToken cancellationToken)
    {
        await using var bench = await FlowBenchHost.StartAsync(limits, ["erp-orders-to-crm"], _ => { }, null, cancellationToken, new Dictionary<string, string?>
        {
            // The load is measured, not the abuse limits (2,000 requests/s per client by default).
            ["Hub:Limits:ClientRequestsPerSecond"] = "1000000",
            ["Hub:Limits:AddressRequestsPerSecond"] = "1000000",
        }).ConfigureAwait(false);
        Console.WriteLine($"saturate: pid {Environment.ProcessId}, vendor limits {(limits ? "on" : "off")}, {stepSeconds} s per step, rate doubled from {startRate}/s, {customers} customers (the first order of each creates its CRM account)");
        var statistics = bench.Services.GetRequiredService<FlowStatistics>();
        var writer = bench.Services.GetRequiredService<SqliteGroupCommit>();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = MaxInFlight }) { BaseAddress = bench.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", FlowBenchHost.ApiKey);
        var rows = new List<string>
        {
            "| offered orders/s | accepted/s | push p50 / p99 ms | reached the CRM/s | backlog at step end | store writes/s (per commit) | writer busy | process CPU (of 2 cores) | saturated |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        };
        var next = 0;
        long accepted = 0;
        for (var rate = startRate; rate <= maxRate; rate *= 2)
        {
            using var self = Process.GetCurrentProcess();
            var (cpu, busy, delivered, writes, commits) = (self.TotalProcessorTime, writer.Busy, Delivered(statistics), writer.Writes, writer.Commits);
            var clock = Stopwatch.StartNew();
            var step = await PushForAsync(client, rate, stepSeconds, customers, () => Interlocked.Increment(ref next), cancellationToken).ConfigureAwait(false);
            var elapsed = clock.Elapsed;
            self.Refresh();
            accepted += step.Accepted;
            var reached = Delivered(statistics) - delivered;
            var backlog = accepted - Delivered(statistics);
            var offered = step.Offered / elapsed.TotalSeconds;
            var acceptedRate = step.Accepted / elapsed.TotalSeconds;
            var reachedRate = reached / elapsed.TotalSeconds;
            var verdict = step.Refused > 0 ? $"intake refused {step.Refused}"
                : offered < 0.9 * rate || step.P99Ms > 1000 ? "intake (pushes could not keep the pace)"
                : reachedRate < 0.9 * acceptedRate ? "the order flow (orders reach the CRM slower than they are accepted)"
                : "";
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {offered:N0} | {acceptedRate:N0} | {step.P50Ms:F1} / {step.P99Ms:F1} | {reachedRate:N0} | {backlog:N0} | {(writer.Writes - writes) / elapsed.TotalSeconds:N0} ({(writer.Writes - writes) / (double)Math.Max(1, writer.Commits - commits):F1}) | {(writer.Busy - busy) / elapsed:P0} | {(self.TotalProcessorTime - cpu) / elapsed / 2:P0} | {verdict} |"));
            Console.WriteLine(rows[^1]);
            if (verdict.Length > 0)
            {
                break;
            }
        }

        Console.WriteLine();
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private static long Delivered(FlowStatistics statistics) => statistics.Of("erp-orders-to-crm").GetValueOrDefault("upserted");

    /// <summary>Starts pushes at <paramref name="rate"/> per second for the step (open loop: not waiting for answers, up to <see cref="MaxInFlight"/> at once).</summary>
    private static async Task<Step> PushForAsync(HttpClient client, int rate, int seconds, int customers, Func<int> nextOrder, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var running = new List<Task>();
        var refused = 0;
        var acceptedCount = 0;
        using var slots = new SemaphoreSlim(MaxInFlight);
        var started = Stopwatch.GetTimestamp();
        var launched = 0;
        var total = rate * seconds;
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        while (launched < total && await tick.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var due = Math.Min(total, (int)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate));
            for (; launched < due; launched++)
            {
                if (!slots.Wait(0))
                {
                    break; // the hub is not answering fast enough to keep the pace: counted as not offered
                }

                running.Add(PushOneAsync(nextOrder()));
            }
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        latencies.Sort();
        return new Step(running.Count, acceptedCount, refused, Percentile(latencies, 0.5), Percentile(latencies, 0.99));

        async Task PushOneAsync(int i)
        {
            try
            {
                var body = string.Create(CultureInfo.InvariantCulture,
                    $$"""{"orderNumber":"PO-SAT-{{i:D7}}","customerNumber":"SATC{{i % customers:D4}}","orderDate":"2026-12-03","currency":"CNY","lines":[{"sku":"SKU-VALVE-25","quantity":10,"unitPrice":86.50,"taxRate":0.13}],"totalAmount":977.45}""");
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/orders") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", string.Create(CultureInfo.InvariantCulture, $"sat-{i}"));
                var sent = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var ms = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(ms);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        acceptedCount++;
                    }
                    else
                    {
                        refused++;
                    }
                }
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private sealed record Step(int Offered, int Accepted, int Refused, double P50Ms, double P99Ms);
}
