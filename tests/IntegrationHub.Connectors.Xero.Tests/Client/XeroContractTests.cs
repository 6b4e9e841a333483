using System.Text.Json;
using IntegrationHub.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace IntegrationHub.Connectors.Xero.Tests.Client;

/// <summary>
/// Contract tests against WireMock.Net playing Xero's documented requests and answers (<c>Mappings/xero/*.json</c>). The
/// mappings require what the connector must send (client credentials as Basic, bearer token, tenant, Accept, query,
/// If-Modified-Since, Idempotency-Key, body shape): a request that changes is unmatched and the test fails. Faults and
/// scenarios a single test needs are added with WireMock's fluent API.
/// </summary>
public sealed class XeroContractTests : IDisposable
{
    private const string Invoices = "/api.xro/2.0/Invoices";
    private readonly VendorMock _xero = VendorMock.Start("xero");

    [Fact]
    public async Task Read_FromACursor_TokenWithBasicClientAuthThenBearerTenantJsonAndIfModifiedSince()
    {
        await using var harness = XeroHarness.Create(_xero.BaseUrl);

        var pages = await harness.ReadAllAsync("1518685000000|1|"); // the cursor's second is 1518685000 = 2018-02-15T08:56:40Z

        Assert.Equal("243216c5-369e-4056-ac67-05388f86dc81", Assert.Single(Assert.Single(pages).Records).ExternalId);
        Assert.Equal(["xero.token.first", "xero.invoices.changed-since"], _xero.Served());
        _xero.AssertEveryRequestMatched();
    }

    [Fact]
    public async Task Read_TokenExpired_RenewedOnceAndTheCallRepeatedWithTheNewToken()
    {
        _xero.Server.Given(Request.Create().WithPath(Invoices).UsingGet().WithHeader("Authorization", "Bearer token-1"))
            .AtPriority(0).WithTitle("xero.invoices.token-expired")
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("Content-Type", "application/json")
                .WithBody("""{"Title":"Unauthorized","Status":401,"Detail":"TokenExpired: token expired at 02/15/2018 09:12:30"}"""));
        _xero.Server.Given(Request.Create().WithPath(Invoices).UsingGet().WithHeader("Authorization", "Bearer token-2"))
            .AtPriority(0).WithTitle("xero.invoices.with-renewed-token")
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(OnePage));
        await using var harness = XeroHarness.Create(_xero.BaseUrl);

        await harness.ReadAllAsync();

        Assert.Equal(["xero.token.first", "xero.invoices.token-expired", "xero.token.renewed", "xero.invoices.with-renewed-token"], _xero.Served());
    }

    [Fact]
    public async Task Read_429WithRetryAfter_WaitsThatLongAndRetries()
    {
        _xero.Server.Given(Request.Create().WithPath(Invoices).UsingGet()).AtPriority(0).WithTitle("xero.invoices.throttled")
            .InScenario("minute-limit").WillSetStateTo("window-open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithHeader("X-Rate-Limit-Problem", "minute"));
        _xero.Server.Given(Request.Create().WithPath(Invoices).UsingGet()).AtPriority(0).WithTitle("xero.invoices.page")
            .InScenario("minute-limit").WhenStateIs("window-open")
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(OnePage));
        await using var harness = XeroHarness.Create(_xero.BaseUrl);

        Assert.Single(await harness.ReadAllAsync());

        Assert.Equal(["xero.invoices.throttled", "xero.invoices.page"], _xero.Served(Invoices));
        Assert.Contains(harness.Logs, l => l.Contains("retrying as attempt 2 after status 429", StringComparison.Ordinal) && l.Contains("waiting 1000 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upsert_PostAnswers503Once_RepeatedWithTheSameIdempotencyKey_AndALaterCallOfTheSameBodyHasItsOwn()
    {
        _xero.Server.Given(Request.Create().WithPath(Invoices).UsingGet().WithParam("InvoiceNumbers", "INV-9")).WithTitle("xero.invoices.none")
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("""{"Invoices":[]}"""));
        _xero.Server.Given(Request.Create().WithPath(Invoices).UsingPost()).WithTitle("xero.invoices.unavailable")
            .InScenario("outage").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(503));
        _xero.Server.Given(Request.Create().WithPath(Invoices).UsingPost()).WithTitle("xero.invoices.created")
            .InScenario("outage").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json")
                .WithBody("""{"Invoices":[{"InvoiceID":"11111111-1111-4111-8111-111111111111","InvoiceNumber":"INV-9","StatusAttributeString":"OK"}]}"""));
        await using var harness = XeroHarness.Create(_xero.BaseUrl);

        var result = Assert.Single(await harness.Receivables.Upserter!.UpsertAsync([Receivable("INV-9", "200")]));

        Assert.Equal(RecordUpsertStatus.Created, result.Status);
        var posts = _xero.Calls(Invoices).Where(c => c.RequestMessage.Method == "POST").ToList();
        Assert.Equal(["xero.invoices.unavailable", "xero.invoices.created"], posts.Select(p => p.MappingTitle));
        var keys = posts.Select(p => p.RequestMessage.Headers!["Idempotency-Key"].Single()).ToList();
        Assert.Equal(64, keys[0].Length);
        Assert.Equal(keys[0], keys[1]);

        // The same body sent again later (a re-run, a replay after a refusal was fixed) is a new request, not a repeat:
        // Xero would answer a known key with its first answer, a refusal included.
        await harness.Receivables.Upserter!.UpsertAsync([Receivable("INV-9", "200")]);
        var again = _xero.Calls(Invoices).Where(c => c.RequestMessage.Method == "POST").Select(p => p.RequestMessage.Headers!["Idempotency-Key"].Single()).ToList();
        Assert.True(again.Count > 2);
        Assert.DoesNotContain(keys[0], again.Skip(2));
    }

    [Fact]
    public async Task Upsert_SummarizeErrorsFalseAnswer_ValidationErrorsBelongToTheirRecords()
    {
        await using var harness = XeroHarness.Create(_xero.BaseUrl);
        CanonicalRecord[] records = [Receivable("INV-1", "200"), Receivable("INV-2", "999"), Receivable("INV-3", "200")];

        var results = await harness.Receivables.Upserter!.UpsertAsync(records);

        Assert.Equal([RecordUpsertStatus.Created, RecordUpsertStatus.Failed, RecordUpsertStatus.Created], results.Select(r => r.Status));
        Assert.Equal(records[1].Identity, results[1].Error!.Record);
        Assert.Equal("ValidationException", results[1].Error!.Code);
        Assert.Equal("Account code '999' is not a valid code for this document.; Due Date is required.", results[1].Error!.Message);
        Assert.Equal(["xero.token.first", "xero.invoices.by-number", "xero.invoices.post-per-record"], _xero.Served());
        _xero.AssertEveryRequestMatched();
    }

    [Fact]
    public async Task Upsert_SummarizedValidationException400_PermanentWithTheVendorDetails()
    {
        _xero.Server.Given(Request.Create().WithPath(Invoices).UsingGet()).AtPriority(0).WithTitle("xero.invoices.none")
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("""{"Invoices":[]}"""));
        _xero.Server.Given(Request.Create().WithPath(Invoices).UsingPost()).AtPriority(0).WithTitle("xero.invoices.validation-exception")
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json")
                .WithBody("""{"ErrorNumber":10,"Type":"ValidationException","Message":"A validation exception occurred","Elements":[{"ValidationErrors":[{"Message":"Email address must be valid."}]}]}"""));
        await using var harness = XeroHarness.Create(_xero.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Receivables.Upserter!.UpsertAsync([Receivable("INV-1", "200")]));

        Assert.Equal("ValidationException", error.VendorCode);
        Assert.Equal(["Email address must be valid."], error.Details);
    }

    [Fact]
    public async Task Get_404_Null()
    {
        await using var harness = XeroHarness.Create(_xero.BaseUrl);

        Assert.Null(await harness.Receivables.Lookup!.GetAsync("INV-404"));

        Assert.Equal(["xero.token.first", "xero.invoice.not-found"], _xero.Served());
    }

    public void Dispose() => _xero.Dispose();

    private static string OnePage => $$"""{"Id":"e1","Status":"OK","pagination":{"page":1,"pageSize":100,"pageCount":1,"itemCount":1},"Invoices":[{{Mapping.XeroMappingTests.DocumentedInvoice}}]}""";

    private static CanonicalRecord Receivable(string number, string account) => new("erp", CanonicalEntity.Receivable, "erp-" + number, 1, JsonSerializer.SerializeToElement(new
    {
        invoiceNumber = number,
        status = "open",
        customer = new { number = "CUST0001", name = "Vision Machinery" },
        issueDate = "2026-11-23",
        dueDate = "2026-12-23",
        currency = "NZD",
        lines = new[] { new { description = "Ball valve DN25", quantity = 10m, unitAmount = 86.50m, accountCode = account } },
    }));
}
