using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Connectors.Hosting.Activities;
using IntegrationHub.Sandbox.Kingdee;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Benchmarks.Flows;

/// <summary>
/// The ERP-side flows end to end on the whole hub against the sandboxes: C customers keyed into Kingdee reach the CRM
/// (<c>erp-customers.yaml</c>, one run), then O sales orders for them reach the CRM under their accounts
/// (<c>kingdee-orders.yaml</c> -> <c>erp.order-changes</c> -> <c>erp-order-changes-to-crm.yaml</c>, timed until the last
/// order is in the CRM), then P orders the ERP pushes to <c>POST /api/v1/orders</c> reach the CRM
/// (<c>erp-orders-to-crm.yaml</c>); with the vendors' published limits on and off. The binding limit is Fxiaoke's 60 calls per 20 s
/// per interface: the CRM creates one record per call, so each flow's theoretical maximum is 3 records/s (the reads and
/// lookups go to the query interface, which has its own 60 per 20 s). The ratio is records/s over 3/s, and (as the
/// window starts full) the records over what the create calls of the started 20-second windows allow.
/// </summary>
internal static class ErpFlowDriver
{
    private const double CreatesPerWindow = 60;
    private const double WindowSeconds = 20;

    public static async Task<int> RunAsync(int customers, int orders, int pushes, CancellationToken cancellationToken)
    {
        var rows = new List<string>();
        foreach (var limits in new[] { true, false })
        {
            foreach (var (flow, records, elapsed, calls) in await OneAsync(customers, orders, pushes, limits, cancellationToken).ConfigureAwait(false))
            {
                var perSecond = records / elapsed.TotalSeconds;
                var steady = CreatesPerWindow / WindowSeconds;
                var windows = Math.Ceiling(elapsed.TotalSeconds / WindowSeconds);
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {flow} | limits {(limits ? "on" : "off")} | {records} | {elapsed.TotalSeconds:0.0} s | {perSecond:0.00} | {string.Join(", ", calls.Select(c => $"{c.Key} {c.Value / (double)records:0.000}"))} | {(limits ? $"{perSecond / steady:P1} of {steady:0.0}/s ({records / (windows * CreatesPerWindow):P1} of {windows * CreatesPerWindow:0} in {windows} started windows)" : "n/a")} |"));
                Console.WriteLine(rows[^1]);
            }
        }

        Console.WriteLine();
        Console.WriteLine("| flow | run | records | elapsed | records/s | vendor calls per record | ratio to Fxiaoke's theoretical maximum |");
        Console.WriteLine("|---|---|---:|---:|---:|---|---:|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private static async Task<List<(string Flow, int Records, TimeSpan Elapsed, Dictionary<string, long> Calls)>> OneAsync(int customers, int orders, int pushes, bool limits, CancellationToken cancellationToken)
    {
        var sandboxSettings = new Dictionary<string, string?> { ["Sandbox:Kingdee:SeedCustomers"] = "0", ["Sandbox:Kingdee:SeedOrders"] = "0" };
        await using var bench = await FlowBenchHost.StartAsync(limits, ["erp-customers", "kingdee-orders", "erp-order-changes-to-crm", "erp-orders-to-crm"], sandboxes =>
        {
            var erp = (KingdeeSandbox)sandboxes.Systems.Single(s => s.System == "kingdee").Owner;
            for (var c = 1; c <= customers; c++)
            {
                erp.Users.CreateCustomer(Number(c), string.Create(CultureInfo.InvariantCulture, $"Bench Castings {c:D5}"));
            }

            for (var o = 1; o <= orders; o++)
            {
                erp.Users.CreateOrder(string.Create(CultureInfo.InvariantCulture, $"SO-BENCH-{o:D6}"), Number(1 + (o % customers)), KingdeeUsers.Materials[o % KingdeeUsers.Materials.Count], 1 + (o % 20));
            }
        }, sandboxSettings, cancellationToken).ConfigureAwait(false);
        var results = new List<(string, int, TimeSpan, Dictionary<string, long>)>();

        var before = bench.Requests();
        var watch = Stopwatch.StartNew();
        await bench.RunAsync("erp-customers", cancellationToken).ConfigureAwait(false);
        results.Add(("erp-customers", customers, watch.Elapsed, Delta(bench, before)));

        before = bench.Requests();
        var statistics = bench.Services.GetRequiredService<FlowStatistics>();
        watch.Restart();
        await bench.RunAsync("kingdee-orders", cancellationToken).ConfigureAwait(false);
        while (statistics.Of("erp-order-changes-to-crm")["upserted"] < orders)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }

        results.Add(("kingdee-orders + erp-order-changes-to-crm", orders, watch.Elapsed, Delta(bench, before)));

        before = bench.Requests();
        watch.Restart();
        await PushAsync(bench, customers, pushes, cancellationToken).ConfigureAwait(false);
        while (statistics.Of("erp-orders-to-crm")["upserted"] < pushes)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }

        results.Add(("pushed orders (erp-orders-to-crm)", pushes, watch.Elapsed, Delta(bench, before)));
        return results;
    }

    /// <summary>The ERP pushes orders for the customers the CRM now has, eight at a time, each with its idempotency key.</summary>
    private static async Task PushAsync(FlowBenchHost bench, int customers, int pushes, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = bench.BaseUrl };
        client.DefaultRequestHeaders.Add("X-Api-Key", FlowBenchHost.ApiKey);
        await Parallel.ForEachAsync(Enumerable.Range(1, pushes), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var body = string.Create(CultureInfo.InvariantCulture,
                $$"""{"orderNumber":"PO-BENCH-{{i:D6}}","customerNumber":"{{Number(1 + (i % customers))}}","orderDate":"2026-11-23","currency":"CNY","lines":[{"sku":"SKU-VALVE-25","quantity":10,"unitPrice":86.50,"taxRate":0.13}],"totalAmount":977.45}""");
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/orders") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", string.Create(CultureInfo.InvariantCulture, $"bench-{i}"));
                using var response = await client.SendAsync(request, token).ConfigureAwait(false);
                if (response.StatusCode == System.Net.HttpStatusCode.Accepted)
                {
                    return;
                }

                if (response.StatusCode != System.Net.HttpStatusCode.TooManyRequests)
                {
                    throw new InvalidOperationException($"push {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token).ConfigureAwait(false)}");
                }

                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), token).ConfigureAwait(false); // the hub's own rate limit
            }
        }).ConfigureAwait(false);
    }

    private static string Number(int customer) => string.Create(CultureInfo.InvariantCulture, $"ERPB{customer:D5}");

    private static Dictionary<string, long> Delta(FlowBenchHost bench, Dictionary<string, long> before) =>
        bench.Requests().ToDictionary(c => c.Key, c => c.Value - before[c.Key]);
}
