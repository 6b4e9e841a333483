using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using IntegrationHub.Benchmarks.Flows;
using IntegrationHub.Host.WebConsole.Data;
using IntegrationHub.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Benchmarks.WebConsole;

/// <summary>
/// Issue 14's budget: each console page under 300 ms of server time with 100,000 workflow instances and 10,000 dead
/// letters (and as many quarantined records) in the store. The whole hub runs in this process on SQLite; the store is filled through the hub's own stores
/// (instances over 30 days, a tenth in the last hour, 5 % faulted, over several flows; dead letters over four topics,
/// most open), then each page is fetched signed in (the server renders it in full, every query included, before the
/// first byte) and timed over loopback; the overview's live refresh (<see cref="OverviewReader"/>) is timed directly.
/// </summary>
internal static partial class ConsolePageDriver
{
    private static readonly string[] Flows = ["erp-orders-to-crm", "crm-customers", "customer-value", "finance-receivables", "erp-customers"];

    public static async Task<int> RunAsync(int instances, int deadLetters, int samples, CancellationToken cancellationToken)
    {
        await using var hub = await FlowBenchHost.StartAsync(limits: false, Flows, _ => { }, null, cancellationToken).ConfigureAwait(false);
        var fill = Stopwatch.StartNew();
        var faulted = await FillInstancesAsync(hub.Services.GetRequiredService<IWorkflowInstanceStore>(), instances, cancellationToken).ConfigureAwait(false);
        var instanceSeconds = fill.Elapsed.TotalSeconds;
        fill.Restart();
        await FillDeadLettersAsync(hub.Services.GetRequiredService<IDeadLetterStore>(), deadLetters, faulted, cancellationToken).ConfigureAwait(false);
        var deadLetterSeconds = fill.Elapsed.TotalSeconds;
        fill.Restart();
        await FillQuarantineAsync(hub.Services.GetRequiredService<IQuarantineStore>(), deadLetters, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"filled: {instances:N0} instances in {instanceSeconds:0.0} s, {deadLetters:N0} dead letters in {deadLetterSeconds:0.0} s, "
            + $"{deadLetters:N0} quarantined records in {fill.Elapsed.TotalSeconds:0.0} s; SQLite file {new FileInfo(hub.DatabasePath).Length / 1048576.0:0} MiB");
        await hub.Services.GetRequiredService<IntegrationHub.Host.Http.HubStateSampler>().SampleAsync(cancellationToken).ConfigureAwait(false);

        using var browser = await SignInAsync(hub.BaseUrl, cancellationToken).ConfigureAwait(false);
        string[] pages =
        [
            "console", "console/instances", "console/instances?status=Faulted", "console/instances?flow=customer-value&status=Faulted",
            $"console/instances?correlationId=order-{instances / 2}", $"console/instances/{faulted[0]}", "console/dead-letters", "console/dead-letters?status=",
            "console/dead-letters?flow=crm-customers&status=discarded", "console/quarantine", "console/workflows/erp-orders-to-crm", "console/customers",
        ];
        Console.WriteLine();
        Console.WriteLine($"| Page | p50 ms | p95 ms | max ms | bytes |");
        Console.WriteLine($"|---|---:|---:|---:|---:|");
        foreach (var page in pages)
        {
            var (times, bytes) = await TimeAsync(() => FetchAsync(browser, page, cancellationToken), samples).ConfigureAwait(false);
            Console.WriteLine($"| `/{page}` | {Percentile(times, 0.5):0.0} | {Percentile(times, 0.95):0.0} | {times.Max():0.0} | {bytes:N0} |");
        }

        var overview = hub.Services.GetRequiredService<OverviewReader>();
        var (refresh, _) = await TimeAsync(async () => { await overview.ReadAsync(cancellationToken).ConfigureAwait(false); return 0; }, samples).ConfigureAwait(false);
        Console.WriteLine($"| overview live refresh (OverviewReader, no HTTP) | {Percentile(refresh, 0.5):0.0} | {Percentile(refresh, 0.95):0.0} | {refresh.Max():0.0} | |");
        Console.WriteLine();
        Console.WriteLine($"working set {Environment.WorkingSet / 1048576.0:0} MiB, {samples} samples per row after 3 warm-up fetches, {Environment.ProcessorCount} cores");
        return 0;
    }

    private static async Task<List<Guid>> FillInstancesAsync(IWorkflowInstanceStore store, int count, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var faulted = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        const string journal = """[{"activityId":"start","activityType":"Start","startedAt":"2026-12-01T00:00:00Z","duration":"00:00:00","outcome":"Done"},{"activityId":"upsert","activityType":"Connector.Upsert","startedAt":"2026-12-01T00:00:00Z","duration":"00:00:00.0120000","outcome":"Created"}]""";
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            // A tenth in the last hour, the rest over 30 days; every twentieth faulted.
            var created = i % 10 == 0 ? now.AddSeconds(-(i % 3600)) : now.AddMinutes(-60 - (i % (30 * 24 * 60)));
            var fault = i % 20 == 0;
            var id = Guid.CreateVersion7(created);
            if (fault)
            {
                faulted.Add(id);
            }

            // CreateOwnedAsync goes through the store's group commit, as the runtime's own writes do.
            await store.CreateOwnedAsync(new WorkflowInstanceRecord(id, Flows[i % Flows.Length], 1, "Finished", fault ? "Faulted" : "Finished", $"order-{i}", created,
                created.AddMilliseconds(40), """{"n":1}""", journal,
                fault ? """{"activityId":"upsert","activityType":"Connector.Upsert","exceptionType":"ConnectorTransientException","message":"fxiaoke answered 503","at":"2026-12-01T00:00:00Z"}""" : null,
                """{"orderNumber":"SO-1"}"""), "bench", now, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return [.. faulted];
    }

    private static async Task FillDeadLettersAsync(IDeadLetterStore store, int count, List<Guid> faulted, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = Encoding.UTF8.GetBytes("""{"orderNumber":"SO-1","customerNumber":"CUST00042","currency":"CNY","lines":[{"sku":"SKU-PUMP-100","quantity":2,"unitPrice":1280.00}]}""");
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 1, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var flow = Flows[i % 4];
            var id = await store.RecordAsync(new DeadLetterFailure($"{flow}.in", i % 4, i, "hub.wf." + flow, $"{flow}.in.dlq", flow, $"key-{i}",
                [new DeadLetterHeader("ce_id", $"evt-{i}"), new DeadLetterHeader("ce_type", "com.integrationhub.erp.order.received.v1")], payload,
                $"{flow} v1 instance faulted at upsert: fxiaoke answered {(i % 3 == 0 ? "503" : "422 invalid phone")}", "WorkflowFaultedException", 1,
                flow, faulted[i % faulted.Count], now.AddMinutes(-i)), ct).ConfigureAwait(false);
            if (i % 10 == 0)
            {
                await store.DiscardAsync(id, "test data", "bench", now, ct).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    // As many quarantined records as dead letters, over the flows: a tenth released, a twentieth discarded, the rest open.
    private static async Task FillQuarantineAsync(IQuarantineStore store, int count, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = System.Text.Json.JsonDocument.Parse("""{"name":"Lotus Valves","phone":"1380013800","email":"buyer@lotus.example"}""").RootElement;
        var reasons = new Dictionary<string, string> { ["phone"] = "not a valid phone number for CN" };
        for (var i = 0; i < count; i++)
        {
            var record = new IntegrationHub.Connectors.CanonicalRecord("fxiaoke", IntegrationHub.Connectors.CanonicalEntity.Customer, $"acct-{i}", 1, payload);
            var flow = Flows[i % Flows.Length];
            await store.QuarantineAsync(flow, record, reasons, now.AddSeconds(-i), cancellationToken).ConfigureAwait(false);
            if (i % 10 == 0)
            {
                await store.ReleaseAsync(flow, record.Identity, now, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var entry in (await store.ListAsync(new QuarantineQuery(Limit: count), cancellationToken).ConfigureAwait(false)).Where((_, i) => i % 20 == 0))
        {
            await store.DiscardAsync(entry.Id, "test data", "bench", now, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<HttpClient> SignInAsync(Uri baseUrl, CancellationToken cancellationToken)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseUrl };
        var form = await browser.GetStringAsync("console/sign-in", cancellationToken).ConfigureAwait(false);
        var token = WebUtility.HtmlDecode(Antiforgery().Match(form).Groups[1].Value);
        using var signedIn = await browser.PostAsync("console/sign-in", new FormUrlEncodedContent(
            [new("_handler", "sign-in"), new("__RequestVerificationToken", token), new("Form.ApiKey", FlowBenchHost.ApiKey)]), cancellationToken).ConfigureAwait(false);
        return signedIn.StatusCode == HttpStatusCode.Redirect ? browser : throw new InvalidOperationException($"sign-in answered {signedIn.StatusCode}");
    }

    private static async Task<int> FetchAsync(HttpClient browser, string page, CancellationToken cancellationToken)
    {
        using var response = await browser.GetAsync(page, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK ? body.Length : throw new InvalidOperationException($"/{page} answered {response.StatusCode}");
    }

    private static async Task<(List<double> Milliseconds, int Last)> TimeAsync(Func<Task<int>> action, int samples)
    {
        for (var i = 0; i < 3; i++)
        {
            await action().ConfigureAwait(false);
        }

        var times = new List<double>();
        var last = 0;
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            last = await action().ConfigureAwait(false);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return (times, last);
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
