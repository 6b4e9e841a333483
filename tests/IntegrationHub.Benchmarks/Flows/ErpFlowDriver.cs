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
/// (<c>erp-orders-to-crm.yaml</c>), then S of those orders confirmed in the CRM are approved in the ERP
/// (<c>crm-order-status-to-erp.yaml</c>, one run); with the vendors' published limits on and off. The binding limit of the
/// first three is Fxiaoke's 60 calls per 20 s per interface: the CRM creates one record per call, so their theoretical
/// maximum is 3 records/s (the reads and lookups go to the query interface, which has its own 60 per 20 s). The last is
/// bound by Kingdee's 600 calls a minute with three calls per order (View, Submit, Audit): 3.33 orders/s. The ratio is
/// records/s over that, and (as the window starts full) the records over what the started windows allow.
/// </summary>
internal static class ErpFlowDriver
{
    /// <summary>Fxiaoke: 60 creates per 20-second window, one record each.</summary>
    private static readonly Limit CrmCreates = new("Fxiaoke creates", 60, 20);

    /// <summary>Kingdee: 600 calls a minute, three per approved order.</summary>
    private static readonly Limit ErpApprovals = new("Kingdee calls / 3", 200, 60);

    public static async Task<int> RunAsync(int customers, int orders, int pushes, int statuses, CancellationToken cancellationToken)
    {
        var rows = new List<string>();
        foreach (var limits in new[] { true, false })
        {
            foreach (var (flow, records, elapsed, calls, limit) in await OneAsync(customers, orders, pushes, Math.Min(statuses, orders), limits, cancellationToken).ConfigureAwait(false))
            {
                var perSecond = records / elapsed.TotalSeconds;
                var steady = limit.RecordsPerWindow / limit.WindowSeconds;
                var windows = Math.Ceiling(elapsed.TotalSeconds / limit.WindowSeconds);
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {flow} | limits {(limits ? "on" : "off")} | {records} | {elapsed.TotalSeconds:0.0} s | {perSecond:0.00} | {string.Join(", ", calls.Select(c => $"{c.Key} {c.Value / (double)records:0.000}"))} | {(limits ? $"{perSecond / steady:P1} of {steady:0.00}/s, {limit.Name} ({records / (windows * limit.RecordsPerWindow):P1} of {windows * limit.RecordsPerWindow:0} in {windows} started windows)" : "n/a")} |"));
                Console.WriteLine(rows[^1]);
            }
        }

        Console.WriteLine();
        Console.WriteLine("| flow | run | records | elapsed | records/s | vendor calls per record | ratio to the binding limit's theoretical maximum |");
        Console.WriteLine("|---|---|---:|---:|---:|---|---:|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private static async Task<List<(string Flow, int Records, TimeSpan Elapsed, Dictionary<string, long> Calls, Limit Limit)>> OneAsync(
        int customers, int orders, int pushes, int statuses, bool limits, CancellationToken cancellationToken)
    {
        var sandboxSettings = new Dictionary<string, string?> { ["Sandbox:Kingdee:SeedCustomers"] = "0", ["Sandbox:Kingdee:SeedOrders"] = "0" };
        await using var bench = await FlowBenchHost.StartAsync(limits, ["erp-customers", "kingdee-orders", "erp-order-changes-to-crm", "erp-orders-to-crm", "crm-order-status-to-erp"], sandboxes =>
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
        var results = new List<(string, int, TimeSpan, Dictionary<string, long>, Limit)>();

        var before = bench.Requests();
        var watch = Stopwatch.StartNew();
        await bench.RunAsync("erp-customers", cancellationToken).ConfigureAwait(false);
        results.Add(("erp-customers", customers, watch.Elapsed, Delta(bench, before), CrmCreates));

        before = bench.Requests();
        var statistics = bench.Services.GetRequiredService<FlowStatistics>();
        watch.Restart();
        await bench.RunAsync("kingdee-orders", cancellationToken).ConfigureAwait(false);
        while (statistics.Of("erp-order-changes-to-crm")["upserted"] < orders)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }

        results.Add(("kingdee-orders + erp-order-changes-to-crm", orders, watch.Elapsed, Delta(bench, before), CrmCreates));

        before = bench.Requests();
        watch.Restart();
        await PushAsync(bench, customers, pushes, cancellationToken).ConfigureAwait(false);
        while (statistics.Of("erp-orders-to-crm")["upserted"] < pushes)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }

        results.Add(("pushed orders (erp-orders-to-crm)", pushes, watch.Elapsed, Delta(bench, before), CrmCreates));

        // Sales reps confirm S of the Kingdee orders in the CRM; one run approves them in the ERP (and skips the others).
        var crm = bench.Sandboxes.Fxiaoke!.Records;
        foreach (var order in crm.Query("SalesOrderObj", o => ((string?)o["erp_order_no__c"])?.StartsWith("SO-BENCH-", StringComparison.Ordinal) == true).Take(statuses))
        {
            crm.Update("SalesOrderObj", (string)order["_id"]!, new System.Text.Json.Nodes.JsonObject { ["order_status"] = "2" }, null);
        }

        before = bench.Requests();
        watch.Restart();
        await bench.RunAsync("crm-order-status-to-erp", cancellationToken).ConfigureAwait(false);
        var approved = (int)statistics.Of("crm-order-status-to-erp")["upserted"];
        if (approved != statuses)
        {
            throw new InvalidOperationException($"crm-order-status-to-erp approved {approved} of {statuses} orders");
        }

        results.Add(("CRM confirmations to ERP (crm-order-status-to-erp)", statuses, watch.Elapsed, Delta(bench, before), ErpApprovals));
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

    private sealed record Limit(string Name, double RecordsPerWindow, double WindowSeconds);

    private static string Number(int customer) => string.Create(CultureInfo.InvariantCulture, $"ERPB{customer:D5}");

    private static Dictionary<string, long> Delta(FlowBenchHost bench, Dictionary<string, long> before) =>
        bench.Requests().ToDictionary(c => c.Key, c => c.Value - before[c.Key]);
}
