using System.Globalization;
using System.Net;
using IntegrationHub.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Finance;

/// <summary>
/// The finance API's CSV export and aging report over receivables put straight into the hub's store. Serial with the
/// other memory measurements: the heap sampled is the whole test process's.
/// </summary>
[Collection(Security.OversizedBodyMemoryTests.Name)]
public sealed class ReceivablesExportTests
{
    private const int Rows = 100_000;

    /// <summary>
    /// 100,000 receivables as CSV: every row arrives, quoting and formula escaping are right, and the hub's live managed
    /// heap (sampled after full collections while the client reads slowly) stays far below what holding the rows would take (a buffered export measured 111 MB; the bound is 32 MB).
    /// </summary>
    [Fact]
    public async Task Csv_Of100000Rows_StreamsInBoundedMemory_AsRfc4180WithAHeader()
    {
        await using var hub = await ReceivablesFlowTests.StartAsync();
        await BulkInsertAsync(hub.DatabasePath, Rows);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                await Task.Delay(50);
            }
        });

        using var response = await hub.Http.GetAsync("api/v1/receivables.csv?currency=CNY", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var header = await reader.ReadLineAsync();
        var lines = 0;
        string? quoted = null, formula = null, last = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            lines++;
            if (lines % 10_000 == 0)
            {
                await Task.Delay(20); // a slow client: the hub must wait, not buffer
            }

            quoted ??= line.Contains("\"Harbour \"\"North\"\", Ltd\"", StringComparison.Ordinal) ? line : null;
            formula ??= line.Contains("'=HYPERLINK", StringComparison.Ordinal) ? line : null;
            last = line;
        }

        await sampling.CancelAsync();
        await sampler;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("invoice_id,invoice_number,system,customer_hub_id,customer_name,currency,total,paid,credited,due,status,issue_date,due_date,days_past_due,bucket,updated_at,update_sequence", header);
        Assert.Equal(Rows, lines);
        Assert.NotNull(quoted); // a name with a comma and quotes is one quoted field with the quotes doubled
        Assert.NotNull(formula); // a name a spreadsheet would run as a formula starts with an apostrophe
        var fields = last!.Split(',');
        Assert.Equal(("1234.50", "CNY", $"{Rows}"), (fields[9], fields[5], fields[^1]));
        Assert.True(peak < 32 * 1024 * 1024, $"the live heap grew by {peak / 1024 / 1024} MB while {Rows} rows streamed");
    }

    /// <summary>
    /// A download that outlasts <c>Hub:Limits:RequestTimeout</c> (here 1 s, with a client that pauses 1.5 s mid-stream)
    /// is not cut: the export has its own, longer <c>Hub:Limits:ExportTimeout</c>. (A full-suite run once cut the 100,000-row
    /// export at the 30 s default on a loaded machine.)
    /// </summary>
    [Fact]
    public async Task Csv_ToASlowClient_OutlastsTheRequestTimeout()
    {
        await using var hub = await ReceivablesFlowTests.StartAsync(new Dictionary<string, string?> { ["Hub:Limits:RequestTimeout"] = "00:00:01" });
        await BulkInsertAsync(hub.DatabasePath, Rows); // about 15 MB: more than the socket buffers hold, so the hub waits on the client

        using var response = await hub.Http.GetAsync("api/v1/receivables.csv?currency=CNY", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        await reader.ReadLineAsync();
        var lines = 0;
        while (await reader.ReadLineAsync() is not null)
        {
            if (++lines == 1_000)
            {
                await Task.Delay(TimeSpan.FromSeconds(1.5)); // past the request timeout, with the rest still to come
            }
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Rows, lines);
    }

    [Fact]
    public async Task Aging_AsOfADate_BucketsPerCustomerAndTotalsPerCurrency_WithoutConversion()
    {
        await using var hub = await ReceivablesFlowTests.StartAsync();
        var store = hub.App.Services.GetRequiredService<IReceivableStore>();
        var acme = Guid.NewGuid();
        var bolt = Guid.NewGuid();
        var asOf = new DateOnly(2026, 12, 2);
        async Task Add(string id, Guid customer, string currency, decimal due, string dueDate, string status = "open", string issued = "2026-06-01") =>
            await store.UpsertAsync(new StoredReceivable("xero", id, id, customer, customer == acme ? "Acme" : "Bolt", currency, due + 10, 10, 0, due, status,
                DateOnly.Parse(issued, CultureInfo.InvariantCulture), DateOnly.Parse(dueDate, CultureInfo.InvariantCulture), 1, DateTimeOffset.UtcNow, id, "{}", DateTimeOffset.UtcNow), null);
        await Add("A1", acme, "CNY", 100m, "2026-12-02"); // due today: current
        await Add("A2", acme, "CNY", 200m, "2026-12-01"); // 1 day
        await Add("A3", acme, "CNY", 300m, "2026-10-02"); // 61 days
        await Add("A4", acme, "USD", 40m, "2026-09-02"); // 91 days, another currency
        await Add("A5", acme, "CNY", 999m, "2026-01-01", status: "draft"); // not aged
        await Add("A6", acme, "CNY", 999m, "2026-01-01", status: "void"); // not aged
        await Add("A7", acme, "CNY", 999m, "2026-11-01", issued: "2026-12-05"); // issued after the as-of date
        await Add("B1", bolt, "CNY", 50m, "2026-11-02"); // 30 days
        await Add("B2", bolt, "CNY", 0m, "2026-11-02"); // nothing due

        var report = await hub.GetJsonAsync("api/v1/receivables/aging?asOf=2026-12-02");
        using var bad = await hub.Http.GetAsync("api/v1/receivables/aging?asOf=02.12.2026");

        Assert.Equal("2026-12-02", report.GetProperty("asOf").GetString());
        var customers = report.GetProperty("customers").EnumerateArray().ToList();
        Assert.Equal([acme.ToString(), bolt.ToString()], customers.Select(c => c.GetProperty("hubId").GetString()!).ToArray()); // most overdue first
        var acmeLines = customers[0].GetProperty("currencies").EnumerateArray().ToList();
        Assert.Equal(["CNY", "USD"], acmeLines.Select(l => l.GetProperty("currency").GetString()!).ToArray());
        Assert.Equal((100m, 200m, 0m, 300m, 0m), Buckets(acmeLines[0]));
        Assert.Equal((600m, 500m, 3, 61), (acmeLines[0].GetProperty("total").GetDecimal(), acmeLines[0].GetProperty("overdue").GetDecimal(),
            acmeLines[0].GetProperty("invoices").GetInt32(), acmeLines[0].GetProperty("oldestOverdueDays").GetInt32()));
        Assert.Equal((0m, 0m, 0m, 0m, 40m), Buckets(acmeLines[1]));
        var totals = report.GetProperty("totals").EnumerateArray().ToList();
        Assert.Equal((100m, 250m, 0m, 300m, 0m), Buckets(totals[0]));
        Assert.Equal(("USD", 40m), (totals[1].GetProperty("currency").GetString(), totals[1].GetProperty("total").GetDecimal()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static (decimal, decimal, decimal, decimal, decimal) Buckets(System.Text.Json.JsonElement line)
    {
        var b = line.GetProperty("buckets");
        return (b.GetProperty("current").GetDecimal(), b.GetProperty("1-30").GetDecimal(), b.GetProperty("31-60").GetDecimal(),
            b.GetProperty("61-90").GetDecimal(), b.GetProperty("90+").GetDecimal());
    }

    /// <summary>Rows straight into the hub's SQLite file in one statement (the store's own columns; sequence = row number).</summary>
    private static async Task BulkInsertAsync(string database, int rows)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
            INSERT INTO receivables (system, invoice_id, invoice_number, customer_hub_id, customer_name, currency, total, paid, credited, due,
                has_due, status, issue_date, due_date, source_version, source_updated_at, hash, payload, recorded_at, seq)
            SELECT 'xero', 'INV-' || i, 'INV-' || i, '6f1c1b0e-0000-4000-8000-000000000001',
                   CASE i % 1000 WHEN 7 THEN 'Harbour "North", Ltd' WHEN 8 THEN '=HYPERLINK("http://x.example")' ELSE 'Customer ' || (i % 5000) END,
                   'CNY', '1234.50', '0', '0', '1234.50', 1, 'open', '2026-10-01', '2026-11-01', 1, '2026-11-01T00:00:00.0000000Z',
                   'h' || i, '{}', '2026-11-01T00:00:00.0000000Z', i
              FROM n
            """;
        command.Parameters.AddWithValue("$rows", rows);
        await command.ExecuteNonQueryAsync();
    }
}
