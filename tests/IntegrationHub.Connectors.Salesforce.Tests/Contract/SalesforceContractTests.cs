using System.Text.Json;
using IntegrationHub.Identity;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Salesforce.Tests.Contract;

/// <summary>The connector against stubs answering the REST API reference's documented request/response shapes.</summary>
public sealed class SalesforceContractTests
{
    private const string Account = """
        {"attributes":{"type":"Account","url":"/services/data/v62.0/sobjects/Account/001D000000IRFmaIAH"},"Id":"001D000000IRFmaIAH",
         "Name":"Edge Communications","AccountNumber":"CD451796","SystemModstamp":"2026-11-20T09:15:30.000+0000","Hub_Id__c":null}
        """;

    private const string InvalidSession = """[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]""";

    private static string Page(bool done, string? next, params string[] records) =>
        $$"""{"totalSize":{{records.Length}},"done":{{(done ? "true" : "false")}},{{(next is null ? "" : $"\"nextRecordsUrl\":\"{next}\",")}}"records":[{{string.Join(",", records)}}]}""";

    [Fact]
    public async Task Read_ClientCredentialsTokenThenSoqlOnTheInstanceUrlWithBearer()
    {
        await using var stub = await SalesforceStub.StartAsync((context, _) => SalesforceStub.Json(context, Page(true, null, Account)));
        await using var harness = SalesforceHarness.Create(stub.LoginUrl);

        var page = Assert.Single(await SalesforceHarness.ReadAllAsync(harness.Customers.Reader!));

        Assert.Equal("001D000000IRFmaIAH", Assert.Single(page.Records).ExternalId);
        var form = System.Web.HttpUtility.ParseQueryString(Assert.Single(stub.TokenRequestBodies));
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("3MVG9-consumer-key", form["client_id"]);
        Assert.Equal(SalesforceHarness.ClientSecret, form["client_secret"]);
        var call = Assert.Single(stub.Calls);
        Assert.Equal("Bearer token-1", call.Authorization);
        Assert.Equal("batchSize=2000", call.QueryOptions);
        Assert.StartsWith("/services/data/v62.0/query?q=", call.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(
            "SELECT Id, Name, AccountNumber, Phone, Website, BillingStreet, BillingCity, BillingState, BillingPostalCode, BillingCountry, SystemModstamp, Hub_Id__c FROM Account ORDER BY SystemModstamp ASC, Id ASC",
            Uri.UnescapeDataString(call.PathAndQuery["/services/data/v62.0/query?q=".Length..]));
    }

    [Fact]
    public async Task Read_FollowsNextRecordsUrlUntilDone_CursorIsTheLastRecord()
    {
        const string next = "/services/data/v62.0/query/01gD0000002HU6KIAW-2000";
        var second = Account.Replace("001D000000IRFmaIAH", "001D000000IRFmbIAH", StringComparison.Ordinal);
        await using var stub = await SalesforceStub.StartAsync((context, n) =>
            SalesforceStub.Json(context, n == 1 ? Page(false, next, Account) : Page(true, null, second)));
        await using var harness = SalesforceHarness.Create(stub.LoginUrl);
        var cursor = """{"t":"2026-11-01T00:00:00Z","id":"001D000000IRAAAIAH"}""";

        var pages = await SalesforceHarness.ReadAllAsync(harness.Customers.Reader!, cursor);

        Assert.Equal(2, pages.Count);
        var calls = stub.Calls.ToArray();
        Assert.Contains("WHERE SystemModstamp > 2026-11-01T00:00:00.000Z OR (SystemModstamp = 2026-11-01T00:00:00.000Z AND Id > '001D000000IRAAAIAH')",
            Uri.UnescapeDataString(calls[0].PathAndQuery), StringComparison.Ordinal);
        Assert.Equal(next, calls[1].PathAndQuery);
        Assert.Equal("""{"t":"2026-11-20T09:15:30+00:00","id":"001D000000IRFmbIAH"}""", pages[1].Cursor);
    }

    [Fact]
    public async Task Read_InvalidSessionOnce_RenewsOnceAndRepeatsTheCallOnceWithTheNewToken()
    {
        await using var stub = await SalesforceStub.StartAsync((context, n) =>
            n == 1 ? SalesforceStub.Json(context, InvalidSession, 401) : SalesforceStub.Json(context, Page(true, null, Account)));
        await using var harness = SalesforceHarness.Create(stub.LoginUrl);

        await SalesforceHarness.ReadAllAsync(harness.Customers.Reader!);

        Assert.Equal(2, stub.TokensIssued);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], stub.Calls.Select(c => c.Authorization));
        Assert.Single(harness.Logs, l => l.Contains("rejected the session on a GET call (INVALID_SESSION_ID)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_InvalidSessionAlways_OneRenewalThenPermanent401()
    {
        await using var stub = await SalesforceStub.StartAsync((context, _) => SalesforceStub.Json(context, InvalidSession, 401));
        await using var harness = SalesforceHarness.Create(stub.LoginUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => SalesforceHarness.ReadAllAsync(harness.Customers.Reader!));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("INVALID_SESSION_ID", error.VendorCode);
        Assert.Equal(2, stub.TokensIssued);
        Assert.Equal(2, stub.Calls.Count);
    }

    [Fact]
    public async Task Read_DailyCapReached_TransientNotRetried()
    {
        await using var stub = await SalesforceStub.StartAsync((context, _) =>
            SalesforceStub.Json(context, """[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]""", 403));
        await using var harness = SalesforceHarness.Create(stub.LoginUrl);

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => SalesforceHarness.ReadAllAsync(harness.Orders.Reader!));

        Assert.Equal("REQUEST_LIMIT_EXCEEDED", error.VendorCode);
        Assert.Equal(403, error.StatusCode);
        Assert.Single(stub.Calls);
    }

    [Fact]
    public async Task Read_ServiceUnavailableThenOk_Retried()
    {
        await using var stub = await SalesforceStub.StartAsync((context, n) =>
            n == 1 ? Task.FromResult(context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable) : SalesforceStub.Json(context, Page(true, null, Account)));
        await using var harness = SalesforceHarness.Create(stub.LoginUrl);

        var pages = await SalesforceHarness.ReadAllAsync(harness.Customers.Reader!);

        Assert.Single(pages);
        Assert.Equal(2, stub.Calls.Count);
    }

    [Fact]
    public async Task Upsert_CollectionAnswer_PerRecordResultsInOrderWithIdentities()
    {
        // The documented Composite sObject Collections answer: one element per record, allOrNone=false.
        const string answer = """
            [{"id":"001RM000003oLnnYAE","success":true,"errors":[],"created":true},
             {"success":false,"errors":[{"statusCode":"DUPLICATE_VALUE","message":"duplicate value found: AccountNumber duplicates value on record with id: 001RM000003oLnnYAE","fields":["AccountNumber"]}]}]
            """;
        await using var stub = await SalesforceStub.StartAsync((context, _) =>
            context.Request.Method == "GET" ? SalesforceStub.Json(context, Page(true, null)) : SalesforceStub.Json(context, answer));
        await using var harness = SalesforceHarness.Create(stub.LoginUrl);
        CanonicalRecord[] batch = [Canonical.Customer("CUST00001", "Acme Valves", version: 3), Canonical.Customer("CUST00002", "Acme Pumps")];

        var results = await harness.Customers.Upserter!.UpsertAsync(batch);

        Assert.Equal(RecordUpsertStatus.Created, results[0].Status);
        Assert.Equal("001RM000003oLnnYAE", results[0].TargetId);
        Assert.Equal(batch[1].Identity, results[1].Error!.Record);
        Assert.Equal("DUPLICATE_VALUE", results[1].Error!.Code);
        Assert.Contains("[AccountNumber]", results[1].Error!.Message, StringComparison.Ordinal);
        var calls = stub.Calls.ToArray();
        var hubId = HubIds.For("erp", "customer", "CUST00001").ToString();
        Assert.Contains($"WHERE Hub_Id__c IN ('{hubId}', ", Uri.UnescapeDataString(calls[0].PathAndQuery), StringComparison.Ordinal);
        Assert.Equal(("PATCH", "/services/data/v62.0/composite/sobjects/Account/Hub_Id__c"), (calls[1].Method, calls[1].PathAndQuery));
        var body = JsonDocument.Parse(calls[1].Body).RootElement;
        Assert.False(body.GetProperty("allOrNone").GetBoolean());
        var first = body.GetProperty("records")[0];
        Assert.Equal("Account", first.GetProperty("attributes").GetProperty("type").GetString());
        Assert.Equal(hubId, first.GetProperty("Hub_Id__c").GetString());
        Assert.Equal(3, first.GetProperty("Hub_Source_Version__c").GetInt64());
    }

    [Fact]
    public async Task Read_AnswerIsNotJson_PermanentConnectorErrorNotEchoingTheBody()
    {
        await using var stub = await SalesforceStub.StartAsync((context, _) => SalesforceStub.Json(context, "<html>maintenance sid=00Dabc</html>"));
        await using var harness = SalesforceHarness.Create(stub.LoginUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => SalesforceHarness.ReadAllAsync(harness.Customers.Reader!));

        Assert.Contains("answered 200 with a body that is not the expected JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal(200, error.StatusCode); // as the other vendors' connectors report it
        Assert.DoesNotContain("sid=00Dabc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_InvalidClient_PermanentWithoutTheSecret()
    {
        await using var stub = await SalesforceStub.StartAsync((context, _) => SalesforceStub.Json(context, Page(true, null)), token: context =>
            SalesforceStub.Json(context, """{"error":"invalid_client","error_description":"invalid client credentials"}""", 400));
        await using var harness = SalesforceHarness.Create(stub.LoginUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => SalesforceHarness.ReadAllAsync(harness.Customers.Reader!));

        Assert.Equal("invalid_client", error.VendorCode);
        Assert.Empty(stub.Calls);
        Assert.DoesNotContain(SalesforceHarness.ClientSecret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Logs, l => l.Contains(SalesforceHarness.ClientSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_LimitInfoNearTheCap_Degraded()
    {
        await using var stub = await SalesforceStub.StartAsync((context, _) =>
        {
            context.Response.Headers["Sforce-Limit-Info"] = "api-usage=14900/15000";
            return SalesforceStub.Json(context, """{"DailyApiRequests":{"Max":15000,"Remaining":100}}""");
        });
        await using var harness = SalesforceHarness.Create(stub.LoginUrl);

        var health = await harness.Connector.CheckHealthAsync();

        Assert.Equal(ConnectorHealthStatus.Degraded, health.Status);
        Assert.Equal((14900L, 15000L), harness.Usage.Current);
    }
}
