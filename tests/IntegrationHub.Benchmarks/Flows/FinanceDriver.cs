using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Benchmarks.Flows;

/// <summary>
/// Issue 10's figures on the whole hub (in this process) against the sandboxes:
/// <list type="number">
/// <item>the receivables sync (<c>workflows/finance-receivables.yaml</c>, one run from the beginning) of two years of Xero
/// history (invoices, then payments), limits on and off, as a ratio to Xero's quota-bound maximum: 60 calls a minute x
/// 100 records a page = 100 records/s, and over what the calls of the started minutes carry;</item>
/// <item>the finance API from a separate load process (this program in <c>finance-load</c> mode), over the synced
/// receivables plus 100,000 more put into the store: receivables pages/s walking the listing by page tokens with 4
/// clients, and the CSV export's MB/s;</item>
/// <item>customer value (<c>workflows/customer-value.yaml</c> with <c>customers: all</c>) for C customers with about 8 orders
/// each put straight into the store: time, allocations and peak managed heap of the full run, then of a run with
/// nothing new.</item>
/// </list>
/// </summary>
internal static class FinanceDriver
{
    private const double XeroCallsPerMinute = 60;
    private const double RecordsPerPage = 100;

    public static async Task<int> RunAsync(int invoices, int customers, int loadSeconds, bool valueOnly, CancellationToken cancellationToken)
    {
        var sync = new List<string>();
        foreach (var limits in valueOnly ? [] : new[] { true, false })
        {
            await using var bench = await FlowBenchHost.StartAsync(limits, ["finance-receivables"], _ => { }, new Dictionary<string, string?>
            {
                ["Sandbox:Xero:SeedContacts"] = "1000",
                ["Sandbox:Xero:SeedInvoices"] = invoices.ToString(CultureInfo.InvariantCulture),
                ["Sandbox:Xero:HistoryMonths"] = "24",
            }, cancellationToken).ConfigureAwait(false);
            var before = bench.Requests()["xero"];
            var watch = Stopwatch.StartNew();
            await bench.RunAsync("finance-receivables", cancellationToken).ConfigureAwait(false);
            watch.Stop();
            var calls = bench.Requests()["xero"] - before;
            var records = await CountAsync(bench.DatabasePath, "receivables") + await CountAsync(bench.DatabasePath, "payments");
            var perSecond = records / watch.Elapsed.TotalSeconds;
            var steady = XeroCallsPerMinute * RecordsPerPage / 60;
            var windows = Math.Ceiling(watch.Elapsed.TotalMinutes);
            var allowed = XeroCallsPerMinute * windows * RecordsPerPage;
            sync.Add(string.Create(CultureInfo.InvariantCulture,
                $"| limits {(limits ? "on" : "off")} | {records} | {calls} | {watch.Elapsed.TotalSeconds:0.0} s | {perSecond:0.0} | {records / (double)calls:0.0} | {(limits ? $"{perSecond / steady:P1} of {steady:0}/s; {records / allowed:P1} of {allowed:0} in {windows} started minutes" : "n/a")} |"));
            Console.WriteLine(sync[^1]);
            if (!limits)
            {
                await AddReceivablesAsync(bench.DatabasePath, 100_000).ConfigureAwait(false); // a finance API with a realistic backlog to serve
                foreach (var line in await LoadAsync(bench, loadSeconds, cancellationToken).ConfigureAwait(false))
                {
                    Console.WriteLine(line);
                    sync.Add(line);
                }
            }
        }

        var value = await ValueAsync(customers, cancellationToken).ConfigureAwait(false);
        Console.WriteLine();
        Console.WriteLine("| receivables sync | records (invoices + payments) | Xero calls | elapsed | records/s | records per call | ratio to the quota-bound maximum |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        sync.Where(l => l.StartsWith("| limits", StringComparison.Ordinal)).ToList().ForEach(Console.WriteLine);
        Console.WriteLine();
        sync.Where(l => !l.StartsWith("| limits", StringComparison.Ordinal)).ToList().ForEach(Console.WriteLine);
        Console.WriteLine();
        value.ForEach(Console.WriteLine);
        return 0;
    }

    /// <summary>Runs the finance API load in a second process against the running hub; its result lines.</summary>
    private static async Task<List<string>> LoadAsync(FlowBenchHost bench, int seconds, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(typeof(FinanceDriver).Assembly.Location);
        info.ArgumentList.Add("finance-load");
        info.ArgumentList.Add(bench.BaseUrl.ToString());
        info.ArgumentList.Add(seconds.ToString(CultureInfo.InvariantCulture));
        info.Environment["HUB_API_KEY"] = FlowBenchHost.ApiKey;
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    private static async Task<List<string>> ValueAsync(int customers, CancellationToken cancellationToken)
    {
        var rows = new List<string>();
        var flow = await File.ReadAllTextAsync(Path.Combine(FlowBenchHost.Root(), "workflows", "customer-value.yaml"), cancellationToken).ConfigureAwait(false);
        await using var bench = await FlowBenchHost.StartAsync(false, [], _ => { }, null, cancellationToken).ConfigureAwait(false);
        var orders = await SeedOrdersAsync(bench.DatabasePath, customers).ConfigureAwait(false);
        var file = Path.Combine(Path.GetDirectoryName(bench.DatabasePath)!, "workflows", "customer-value-all.yaml");
        await File.WriteAllTextAsync(file, flow.Replace("definitionId: customer-value", "definitionId: customer-value-all", StringComparison.Ordinal)
            .Replace("customers: changed", "customers: all", StringComparison.Ordinal).Replace("interval: PT1M", "interval: PT24H", StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(file)!, "customer-value-bare.yaml"), """
            definitionId: customer-value-bare
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: values, type: json }
            root:
              type: Flowchart
              activities:
                - { id: score, type: Customer.Value, customers: all, variable: values }
            """, cancellationToken).ConfigureAwait(false);
        var catalog = bench.Services.GetService(typeof(IntegrationHub.Workflows.Catalog.WorkflowCatalog)) as IntegrationHub.Workflows.Catalog.WorkflowCatalog;
        for (var i = 0; i < 100 && (catalog?.Find("customer-value-all") is null || catalog.Find("customer-value-bare") is null); i++)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false); // the folder watcher loads the file
        }

        foreach (var (run, definition) in new[] { ("first (everyone new)", "customer-value-all"), ("again, nothing new", "customer-value-all"), ("again, scoring and storing only (no per-page body)", "customer-value-bare") })
        {
            GC.Collect();
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            long peak = 0;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(false) - baseline);
                    await Task.Delay(20, CancellationToken.None).ConfigureAwait(false);
                }
            }, CancellationToken.None);
            var watch = Stopwatch.StartNew();
            var result = await bench.RunAsync(definition, cancellationToken).ConfigureAwait(false);
            watch.Stop();
            await sampling.CancelAsync().ConfigureAwait(false);
            await sampler.ConfigureAwait(false);
            var events = await CountAsync(bench.DatabasePath, "record_events");
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {run} | {customers} | {orders} | {watch.Elapsed.TotalSeconds:0.0} s | {customers / watch.Elapsed.TotalSeconds:0} | {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0:0} MB | {peak / 1048576.0:0} MB | {events} | {Environment.ProcessorCount} |"));
            Console.WriteLine(rows[^1]);
            _ = result;
        }

        rows.Insert(0, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.Insert(0, "| customer value run | customers | orders | elapsed | customers/s | allocated | peak managed heap above baseline | events queued (total) | cores |");
        return rows;
    }

    /// <summary>C customers linked to Kingdee numbers, each with 1-15 orders over two years (about 8), straight into the store.</summary>
    private static async Task<long> SeedOrdersAsync(string database, int customers)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync().ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var link = connection.CreateCommand();
        link.Transaction = tx;
        link.CommandText =
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $customers)
            INSERT INTO cross_references (system, entity, external_id, hub_id, linked_at)
            SELECT 'kingdee', 'customer', 'BENCH' || i, printf('00000000-0000-4000-8000-%012d', i), '2026-12-01T00:00:00.0000000Z' FROM n
            """;
        link.Parameters.AddWithValue("$customers", customers);
        await link.ExecuteNonQueryAsync().ConfigureAwait(false);
        await using var order = connection.CreateCommand();
        order.Transaction = tx;
        order.CommandText =
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $customers),
                 k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < 15)
            INSERT INTO canonical_records (hub_id, entity, source_system, source_external_id, source_version, hash, payload, seen_at, source_versions)
            SELECT printf('%08d-0000-4000-9000-%012d', j, i), 'order', 'kingdee', 'SO-' || i || '-' || j, 1, 'h' || i || '-' || j,
                   json_object('orderNumber', 'SO-' || i || '-' || j, 'customerNumber', 'BENCH' || i,
                               'orderDate', date('now', '-' || ((i * 37 + j * 53) % 730) || ' days'),
                               'currency', CASE (i + j) % 10 WHEN 0 THEN 'USD' ELSE 'CNY' END,
                               'status', 'approved',
                               'lines', json_array(json_object('quantity', 1 + (i + j) % 20, 'unitPrice', 50 + (i * j) % 900))),
                   '2026-12-01T00:00:00.0000000Z', NULL
              FROM n JOIN k ON k.j <= 1 + (i % 15)
            """;
        order.Parameters.AddWithValue("$customers", customers);
        var rows = await order.ExecuteNonQueryAsync().ConfigureAwait(false);
        await tx.CommitAsync().ConfigureAwait(false);
        return rows;
    }

    /// <summary>N more open receivables of 5,000 customers, after the synced ones in update sequence.</summary>
    private static async Task AddReceivablesAsync(string database, int rows)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
            INSERT INTO receivables (system, invoice_id, invoice_number, customer_hub_id, customer_name, currency, total, paid, credited, due,
                has_due, status, issue_date, due_date, source_version, source_updated_at, hash, payload, recorded_at, seq)
            SELECT 'bench', 'B-' || i, 'INV-B' || i, printf('00000000-0000-4000-8000-%012d', i % 5000), 'Customer ' || (i % 5000),
                   CASE i % 10 WHEN 0 THEN 'USD' ELSE 'CNY' END, '1234.50', '200', '0', '1034.50', 1, 'open',
                   date('now', '-' || (i % 400) || ' days'), date('now', '-' || ((i % 400) - 30) || ' days'), 1, '2026-11-01T00:00:00.0000000Z',
                   'hb' || i, '{}', '2026-11-01T00:00:00.0000000Z', (SELECT COALESCE(MAX(seq), 0) FROM receivables) + i
              FROM n
            """;
        command.Parameters.AddWithValue("$rows", rows);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static async Task<long> CountAsync(string database, string table)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }
}

/// <summary>
/// The finance API load, run as its own process (<c>finance-load URL SECONDS</c>, key from <c>HUB_API_KEY</c>): for
/// SECONDS, 4 clients each walk <c>GET /api/v1/receivables?pageSize=100</c> from the first page to the last by page tokens
/// (pages/s, p50/p99 per page); then the whole CSV export three times (MB/s). Prints markdown table rows.
/// </summary>
internal static class FinanceLoad
{
    public static async Task<int> RunAsync(string url, int seconds)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("X-Api-Key", Environment.GetEnvironmentVariable("HUB_API_KEY"));
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var until = DateTime.UtcNow.AddSeconds(seconds);
        long items = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            var token = "";
            while (DateTime.UtcNow < until)
            {
                var started = Stopwatch.GetTimestamp();
                var page = await http.GetFromJsonAsync<JsonElement>("api/v1/receivables?pageSize=100" + (token.Length > 0 ? "&pageToken=" + Uri.EscapeDataString(token) : "")).ConfigureAwait(false);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Add(ref items, page.GetProperty("receivables").GetArrayLength());
                token = page.GetProperty("nextPageToken").GetString() ?? "";
            }
        })).ConfigureAwait(false);
        clock.Stop();
        var sorted = latencies.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| receivables pages (100 each), 4 clients walking by token | {sorted.Length} pages in {clock.Elapsed.TotalSeconds:0.0} s | **{sorted.Length / clock.Elapsed.TotalSeconds:0} pages/s** ({items / clock.Elapsed.TotalSeconds:0} rows/s) | p50 {sorted[sorted.Length / 2]:0.0} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:0.0} ms |"));
        for (var round = 1; round <= 3; round++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync("api/v1/receivables.csv", HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var buffer = new byte[81920];
            long bytes = 0, lines = 0;
            int read;
            while ((read = await body.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                bytes += read;
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }

            watch.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| CSV export, round {round} | {lines - 1} rows, {bytes / 1048576.0:0.0} MB in {watch.Elapsed.TotalSeconds:0.00} s | **{bytes / 1048576.0 / watch.Elapsed.TotalSeconds:0.0} MB/s** ({(lines - 1) / watch.Elapsed.TotalSeconds:0} rows/s) | |"));
        }

        return 0;
    }
}
