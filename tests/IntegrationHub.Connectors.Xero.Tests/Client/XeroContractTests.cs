using System.Text;
using System.Text.Json;
using IntegrationHub.Connectors.Xero.Tests.Mapping;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Xero.Tests.Client;

/// <summary>Contract tests against a Kestrel stub answering Xero's documented requests and responses.</summary>
public sealed class XeroContractTests
{
    private static readonly string OnePage = $$"""{"Id":"e1","Status":"OK","pagination":{"page":1,"pageSize":100,"pageCount":1,"itemCount":1},"Invoices":[{{XeroMappingTests.DocumentedInvoice}}]}""";

    [Fact]
    public async Task Read_FromACursor_TokenWithBasicClientAuthThenBearerTenantJsonAndIfModifiedSince()
    {
        await using var stub = await XeroStub.StartAsync((c, _) => XeroStub.Json(c, OnePage));
        await using var harness = XeroHarness.Create(stub.BaseUrl);

        var pages = await harness.ReadAllAsync("1518685000000|1|");

        Assert.Equal("243216c5-369e-4056-ac67-05388f86dc81", Assert.Single(Assert.Single(pages).Records).ExternalId);
        var token = stub.Requests.First(r => r.PathAndQuery == "/connect/token");
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"client-1:{XeroHarness.ClientSecret}")), token.Headers.Authorization.ToString());
        Assert.Contains("grant_type=client_credentials", token.Body, StringComparison.Ordinal);
        var read = stub.Requests.Single(r => r.PathAndQuery.StartsWith("/api.xro/2.0/Invoices", StringComparison.Ordinal));
        Assert.Equal("/api.xro/2.0/Invoices?where=Type%3D%3D%22ACCREC%22&order=UpdatedDateUTC%20ASC&page=1", read.PathAndQuery);
        Assert.Equal("Bearer token-1", read.Headers.Authorization.ToString());
        Assert.Equal(XeroHarness.TenantId, read.Headers["xero-tenant-id"].ToString());
        Assert.Equal("application/json", read.Headers.Accept.ToString());
        Assert.Equal("2018-02-15T08:56:40", read.Headers.IfModifiedSince.ToString()); // the cursor's second (1518685000)
    }

    [Fact]
    public async Task Read_401Once_TokenRenewedOnceAndTheCallRepeated()
    {
        await using var stub = await XeroStub.StartAsync((c, n) =>
        {
            if (n == 1)
            {
                c.Response.StatusCode = 401;
                return XeroStub.Json(c, """{"Title":"Unauthorized","Status":401,"Detail":"TokenExpired: token expired at 02/15/2018 09:12:30"}""");
            }

            return XeroStub.Json(c, OnePage);
        });
        await using var harness = XeroHarness.Create(stub.BaseUrl);

        await harness.ReadAllAsync();

        Assert.Equal(2, stub.TokensIssued);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], stub.Requests.Where(r => r.PathAndQuery.StartsWith("/api.xro", StringComparison.Ordinal)).Select(r => r.Headers.Authorization.ToString()));
    }

    [Fact]
    public async Task Read_429WithRetryAfter_WaitsThatLongAndRetries()
    {
        await using var stub = await XeroStub.StartAsync((c, n) =>
        {
            if (n == 1)
            {
                c.Response.StatusCode = 429;
                c.Response.Headers.RetryAfter = "1";
                c.Response.Headers["X-Rate-Limit-Problem"] = "minute";
                return Task.CompletedTask;
            }

            return XeroStub.Json(c, OnePage);
        });
        await using var harness = XeroHarness.Create(stub.BaseUrl);

        Assert.Single(await harness.ReadAllAsync());

        Assert.Equal(2, stub.Calls);
        Assert.Contains(harness.Logs, l => l.Contains("retrying as attempt 2 after status 429", StringComparison.Ordinal) && l.Contains("waiting 1000 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upsert_PostAnswers503Once_RepeatedWithTheSameIdempotencyKey()
    {
        var attempts = 0;
        await using var stub = await XeroStub.StartAsync((c, _) =>
        {
            if (c.Request.Method == "GET")
            {
                return XeroStub.Json(c, """{"Invoices":[]}""");
            }

            if (Interlocked.Increment(ref attempts) == 1)
            {
                c.Response.StatusCode = 503;
                return Task.CompletedTask;
            }

            return XeroStub.Json(c, """{"Invoices":[{"InvoiceID":"11111111-1111-4111-8111-111111111111","InvoiceNumber":"INV-9","StatusAttributeString":"OK"}]}""");
        });
        await using var harness = XeroHarness.Create(stub.BaseUrl);

        var result = Assert.Single(await harness.Receivables.Upserter!.UpsertAsync([Receivable("INV-9", "200")]));

        Assert.Equal(RecordUpsertStatus.Created, result.Status);
        var posts = stub.Requests.Where(r => r.Method == "POST" && r.PathAndQuery.StartsWith("/api.xro", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal("/api.xro/2.0/Invoices?summarizeErrors=false", posts[0].PathAndQuery);
        Assert.Equal(64, posts[0].Headers["Idempotency-Key"].ToString().Length);
        Assert.Equal(posts[0].Headers["Idempotency-Key"].ToString(), posts[1].Headers["Idempotency-Key"].ToString());
    }

    [Fact]
    public async Task Upsert_SummarizeErrorsFalseAnswer_ValidationErrorsBelongToTheirRecords()
    {
        await using var stub = await XeroStub.StartAsync((c, _) => c.Request.Method == "GET"
            ? XeroStub.Json(c, """{"Invoices":[{"InvoiceID":"22222222-2222-4222-8222-222222222222","InvoiceNumber":"INV-2","Type":"ACCREC"}]}""")
            : XeroStub.Json(c, """
                {"Id":"x","Status":"OK","Invoices":[
                  {"InvoiceID":"11111111-1111-4111-8111-111111111111","InvoiceNumber":"INV-1","StatusAttributeString":"OK"},
                  {"InvoiceID":"00000000-0000-0000-0000-000000000000","InvoiceNumber":"INV-2","HasErrors":true,"StatusAttributeString":"ERROR",
                   "ValidationErrors":[{"Message":"Account code '999' is not a valid code for this document."},{"Message":"Due Date is required."}]},
                  {"InvoiceID":"33333333-3333-4333-8333-333333333333","InvoiceNumber":"INV-3","StatusAttributeString":"WARNING","Warnings":[{"Message":"rounding"}]}]}
                """));
        await using var harness = XeroHarness.Create(stub.BaseUrl);
        CanonicalRecord[] records = [Receivable("INV-1", "200"), Receivable("INV-2", "999"), Receivable("INV-3", "200")];

        var results = await harness.Receivables.Upserter!.UpsertAsync(records);

        Assert.Equal([RecordUpsertStatus.Created, RecordUpsertStatus.Failed, RecordUpsertStatus.Created], results.Select(r => r.Status));
        Assert.Equal(records[1].Identity, results[1].Error!.Record);
        Assert.Equal("ValidationException", results[1].Error!.Code);
        Assert.Equal("Account code '999' is not a valid code for this document.; Due Date is required.", results[1].Error!.Message);
        var get = stub.Requests.Single(r => r.Method == "GET" && r.PathAndQuery.StartsWith("/api.xro", StringComparison.Ordinal));
        Assert.Contains("InvoiceNumbers=INV-1%2CINV-2%2CINV-3", get.PathAndQuery, StringComparison.Ordinal);
        var posted = JsonDocument.Parse(stub.Requests.Single(r => r.Method == "POST" && r.PathAndQuery.StartsWith("/api.xro", StringComparison.Ordinal)).Body);
        Assert.Equal("22222222-2222-4222-8222-222222222222", posted.RootElement.GetProperty("Invoices")[1].GetProperty("InvoiceID").GetString());
    }

    [Fact]
    public async Task Upsert_SummarizedValidationException400_PermanentWithTheVendorDetails()
    {
        await using var stub = await XeroStub.StartAsync((c, _) =>
        {
            if (c.Request.Method == "GET")
            {
                return XeroStub.Json(c, """{"Invoices":[]}""");
            }

            c.Response.StatusCode = 400;
            return XeroStub.Json(c, """{"ErrorNumber":10,"Type":"ValidationException","Message":"A validation exception occurred","Elements":[{"ValidationErrors":[{"Message":"Email address must be valid."}]}]}""");
        });
        await using var harness = XeroHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Receivables.Upserter!.UpsertAsync([Receivable("INV-1", "200")]));

        Assert.Equal("ValidationException", error.VendorCode);
        Assert.Equal(["Email address must be valid."], error.Details);
    }

    [Fact]
    public async Task Get_404_Null()
    {
        await using var stub = await XeroStub.StartAsync((c, _) =>
        {
            c.Response.StatusCode = 404;
            return c.Response.WriteAsync("The resource you're looking for cannot be found");
        });
        await using var harness = XeroHarness.Create(stub.BaseUrl);

        Assert.Null(await harness.Receivables.Lookup!.GetAsync("INV-404"));
    }

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
