using System.Text.Json;
using IntegrationHub.Sandbox.Hosting;
using IntegrationHub.Sandbox.Xero;

namespace IntegrationHub.Connectors.Xero.Tests.Sandbox;

/// <summary>The connector against the Xero sandbox: paging, incremental boundaries, upserts, token expiry and limits.</summary>
public sealed class XeroSandboxTests
{
    [Fact]
    public async Task Read_AllPages_EveryReceivableOnceAndNoPayables()
    {
        await using var sandbox = await XeroSandbox.StartAsync();
        await using var harness = XeroHarness.ForSandbox(sandbox);

        var records = (await harness.ReadAllAsync()).SelectMany(p => p.Records).ToList();

        var receivables = sandbox.Invoices.All("ACCREC");
        Assert.True(receivables.Count > 200, "the seed has more than two pages of receivables");
        Assert.Equal(receivables.Count, records.Count);
        Assert.Equal(receivables.Select(r => (string)r["InvoiceID"]!).Order(), records.Select(r => r.ExternalId).Order());
        Assert.Equal(records.Select(r => r.SourceVersion).Order(), records.Select(r => r.SourceVersion));
        Assert.True(records.GroupBy(r => r.SourceVersion / 1000).Any(g => g.Count() > 1), "the seed shares If-Modified-Since seconds (the boundary case)");
    }

    [Fact]
    public async Task Read_ResumedFromTheLastCursor_OnlyInvoicesChangedSince()
    {
        await using var sandbox = await XeroSandbox.StartAsync();
        await using var harness = XeroHarness.ForSandbox(sandbox);
        var cursor = (await harness.ReadAllAsync())[^1].Cursor;

        sandbox.Invoices.Set("INV-0010", "Reference", "changed");
        sandbox.Invoices.Set("INV-0020", "Reference", "changed");
        var again = (await harness.ReadAllAsync(cursor)).SelectMany(p => p.Records).Select(r => r.Payload.GetProperty("invoiceNumber").GetString()).ToList();

        Assert.Equal(["INV-0010", "INV-0020"], again.Order());
    }

    [Fact]
    public async Task Read_MoreThanAPageInOneSecond_PagesOnWithoutGapsOrRepeats()
    {
        var time = new FixedClock(new DateTimeOffset(2026, 11, 23, 8, 0, 0, 123, TimeSpan.Zero));
        await using var sandbox = await XeroSandbox.StartAsync(new XeroSandboxOptions { Time = time, Invoices = 0, Contacts = 1 });
        await using var harness = XeroHarness.ForSandbox(sandbox);
        var upsert = harness.Receivables.Upserter!;
        // 230 invoices written within one second (the clock stands still): two full pages and a part share one If-Modified-Since.
        foreach (var chunk in Enumerable.Range(1, 230).Chunk(50))
        {
            Assert.All(await upsert.UpsertAsync(chunk.Select(i => Receivable($"SAME-{i:000}", "200")).ToList()), r => Assert.True(r.Succeeded, r.Error?.Message));
        }

        var first = await harness.ReadAllAsync();
        var records = first.SelectMany(p => p.Records).ToList();

        Assert.Equal(230, records.Count);
        Assert.Equal(230, records.Select(r => r.ExternalId).Distinct().Count());
        Assert.Empty(await harness.ReadAllAsync(first[^1].Cursor));
    }

    [Fact]
    public async Task Upsert_MixedBatch_CreatedUpdatedAndValidationErrorsWithTheirIdentity()
    {
        await using var sandbox = await XeroSandbox.StartAsync();
        await using var harness = XeroHarness.ForSandbox(sandbox);
        var existing = sandbox.Invoices.All("ACCREC").First(i => (string?)i["Status"] is "DRAFT");
        var number = (string)existing["InvoiceNumber"]!;
        CanonicalRecord[] batch =
        [
            Receivable("NEW-1", "200"),
            Receivable(number, "260"),
            Receivable("NEW-2", "999"),
            Receivable("NEW-3", "200", currency: "XTS"),
        ];

        var results = await harness.Receivables.Upserter!.UpsertAsync(batch);

        Assert.Equal([RecordUpsertStatus.Created, RecordUpsertStatus.Updated, RecordUpsertStatus.Failed, RecordUpsertStatus.Failed], results.Select(r => r.Status));
        Assert.Equal(batch.Select(b => b.Identity), results.Select(r => r.Record));
        Assert.Equal((string)existing["InvoiceID"]!, results[1].TargetId);
        Assert.Equal("Account code '999' is not a valid code for this document.", results[2].Error!.Message);
        Assert.Contains("currency 'XTS'", results[3].Error!.Message, StringComparison.Ordinal);
        var created = await harness.Receivables.Lookup!.GetAsync(results[0].TargetId!);
        Assert.Equal(994.75m, created!.Payload.GetProperty("total").GetDecimal()); // 10 x 86.50 + 15 % GST
        Assert.Equal("open", created.Payload.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Upsert_PaidInvoice_RefusedByXeroForThatRecordOnly()
    {
        await using var sandbox = await XeroSandbox.StartAsync();
        await using var harness = XeroHarness.ForSandbox(sandbox);
        var paid = (string)sandbox.Invoices.All("ACCREC").First(i => (string?)i["Status"] is "PAID")["InvoiceNumber"]!;

        var results = await harness.Receivables.Upserter!.UpsertAsync([Receivable(paid, "200"), Receivable("NEW-9", "200")]);

        Assert.Contains("cannot be edited as it has a payment", results[0].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(RecordUpsertStatus.Created, results[1].Status);
    }

    [Fact]
    public async Task Get_ByIdByNumberPayableAndUnknown_RecordRecordNullNull()
    {
        await using var sandbox = await XeroSandbox.StartAsync();
        await using var harness = XeroHarness.ForSandbox(sandbox);
        var receivable = sandbox.Invoices.All("ACCREC")[0];
        var payable = sandbox.Invoices.All("ACCPAY")[0];
        var lookup = harness.Receivables.Lookup!;

        Assert.Equal((string)receivable["InvoiceNumber"]!, (await lookup.GetAsync((string)receivable["InvoiceID"]!))!.Payload.GetProperty("invoiceNumber").GetString());
        Assert.Equal((string)receivable["InvoiceID"]!, (await lookup.GetAsync((string)receivable["InvoiceNumber"]!))!.ExternalId);
        Assert.Null(await lookup.GetAsync((string)payable["InvoiceID"]!));
        Assert.Null(await lookup.GetAsync("INV-NOPE"));
    }

    [Fact]
    public async Task Read_SandboxExpiredEveryToken_RenewedOnceAndTheReadCompletes()
    {
        await using var sandbox = await XeroSandbox.StartAsync(new XeroSandboxOptions { Invoices = 20 });
        await using var harness = XeroHarness.ForSandbox(sandbox);
        await harness.ReadAllAsync();

        sandbox.Tokens.ExpireAll();
        var records = (await harness.ReadAllAsync()).SelectMany(p => p.Records).ToList();

        Assert.NotEmpty(records);
        Assert.Equal(2, sandbox.Tokens.Issued);
    }

    [Fact]
    public async Task Read_OverTheTenantRate_429RetryAfterHonouredAndEveryPageRead()
    {
        await using var sandbox = await XeroSandbox.StartAsync(new XeroSandboxOptions
        {
            Limits = new SandboxLimits(Concurrent: 5, PerWindow: 2, Window: TimeSpan.FromSeconds(3), PerDay: 5000), // a window wide enough that a slow machine still meets it
        });
        await using var harness = XeroHarness.ForSandbox(sandbox);

        var records = (await harness.ReadAllAsync()).SelectMany(p => p.Records).ToList();

        Assert.Equal(sandbox.Invoices.All("ACCREC").Count, records.Count);
        Assert.Contains(harness.Logs, l => l.Contains("after status 429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_SandboxAndWrongSecret_HealthyAndUnhealthyWithoutTheSecret()
    {
        await using var sandbox = await XeroSandbox.StartAsync(new XeroSandboxOptions { Invoices = 1 });
        await using var good = XeroHarness.ForSandbox(sandbox);
        await using var bad = XeroHarness.ForSandbox(sandbox, new Dictionary<string, string?> { ["Connectors:Xero:OAuth2:ClientSecret"] = XeroHarness.ClientSecret });

        Assert.Equal(ConnectorHealthStatus.Healthy, (await good.Connector.CheckHealthAsync()).Status);
        var unhealthy = await bad.Connector.CheckHealthAsync();
        Assert.Equal(ConnectorHealthStatus.Unhealthy, unhealthy.Status);
        Assert.Equal("credentials rejected (HTTP 400)", unhealthy.Description);
        Assert.Contains("POST /connect/token answered 400", unhealthy.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(XeroHarness.ClientSecret, unhealthy.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(bad.Logs, l => l.Contains(XeroHarness.ClientSecret, StringComparison.Ordinal) || l.Contains(sandbox.Credentials.ClientSecret, StringComparison.Ordinal));
        Assert.DoesNotContain(good.Logs, l => l.Contains(sandbox.Credentials.ClientSecret, StringComparison.Ordinal));
    }

    private static CanonicalRecord Receivable(string number, string account, string currency = "NZD") => new("erp", CanonicalEntity.Receivable, "erp-" + number, 1,
        JsonSerializer.SerializeToElement(new
        {
            invoiceNumber = number,
            status = "open",
            customer = new { number = "CUST0001", name = "Vision Machinery" },
            issueDate = "2026-11-23",
            dueDate = "2026-12-23",
            currency,
            lines = new[] { new { description = "Ball valve DN25", quantity = 10m, unitAmount = 86.50m, accountCode = account, taxType = "OUTPUT2" } },
        }));

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
