using System.Text.Json;
using IntegrationHub.Identity;
using IntegrationHub.Testing;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace IntegrationHub.Connectors.Salesforce.Tests.Contract;

/// <summary>
/// The connector against WireMock.Net playing an org's two hosts as the REST API reference documents them: the login host
/// (<c>Mappings/salesforce-login</c>: client credentials, sessions, the instance_url) and the instance
/// (<c>Mappings/salesforce</c>: SOQL with bearer token and batch size, limits), with per-test answers and faults.
/// </summary>
public sealed class SalesforceContractTests : IDisposable
{
    private const string Query = "/services/data/v62.0/query";
    private readonly VendorMock _instance;
    private readonly VendorMock _login;

    public SalesforceContractTests()
    {
        _instance = VendorMock.Start("salesforce");
        _login = VendorMock.Start("salesforce-login", new Dictionary<string, string> { ["INSTANCE_URL"] = _instance.BaseUrl.ToString().TrimEnd('/') });
    }

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
        await using var harness = SalesforceHarness.Create(_login.BaseUrl);

        var page = Assert.Single(await SalesforceHarness.ReadAllAsync(harness.Customers.Reader!));

        Assert.Equal("001D000000IRFmaIAH", Assert.Single(page.Records).ExternalId);
        Assert.Equal(["salesforce.token.first"], _login.Served()); // form: grant_type, client_id, client_secret
        Assert.Equal(["salesforce.accounts.query"], _instance.Served()); // the SOQL, bearer token-1, batchSize=2000
        _login.AssertEveryRequestMatched();
        _instance.AssertEveryRequestMatched();
    }

    [Fact]
    public async Task Read_FollowsNextRecordsUrlUntilDone_CursorIsTheLastRecord()
    {
        const string next = "/services/data/v62.0/query/01gD0000002HU6KIAW-2000";
        var second = Account.Replace("001D000000IRFmaIAH", "001D000000IRFmbIAH", StringComparison.Ordinal);
        _instance.Server.Given(Request.Create().WithPath(Query).UsingGet()
                .WithParam("q", new WildcardMatcher("* WHERE SystemModstamp > 2026-11-01T00:00:00.000Z OR (SystemModstamp = 2026-11-01T00:00:00.000Z AND Id > '001D000000IRAAAIAH') ORDER BY *")))
            .WithTitle("query.after-cursor").RespondWith(Json(Page(false, next, Account)));
        _instance.Server.Given(Request.Create().WithPath(next).UsingGet().WithHeader("Authorization", "Bearer token-1"))
            .WithTitle("query.next-records").RespondWith(Json(Page(true, null, second)));
        await using var harness = SalesforceHarness.Create(_login.BaseUrl);
        var cursor = """{"t":"2026-11-01T00:00:00Z","id":"001D000000IRAAAIAH"}""";

        var pages = await SalesforceHarness.ReadAllAsync(harness.Customers.Reader!, cursor);

        Assert.Equal(2, pages.Count);
        Assert.Equal(["query.after-cursor", "query.next-records"], _instance.Served());
        Assert.Equal("""{"t":"2026-11-20T09:15:30+00:00","id":"001D000000IRFmbIAH"}""", pages[1].Cursor);
    }

    [Fact]
    public async Task Read_InvalidSessionOnce_RenewsOnceAndRepeatsTheCallOnceWithTheNewToken()
    {
        _instance.Server.Given(Request.Create().WithPath(Query).UsingGet().WithHeader("Authorization", "Bearer token-1"))
            .WithTitle("query.session-expired").RespondWith(Json(InvalidSession, 401));
        _instance.Server.Given(Request.Create().WithPath(Query).UsingGet().WithHeader("Authorization", "Bearer token-2"))
            .WithTitle("query.with-new-session").RespondWith(Json(Page(true, null, Account)));
        await using var harness = SalesforceHarness.Create(_login.BaseUrl);

        await SalesforceHarness.ReadAllAsync(harness.Customers.Reader!);

        Assert.Equal(["salesforce.token.first", "salesforce.token.renewed"], _login.Served());
        Assert.Equal(["query.session-expired", "query.with-new-session"], _instance.Served());
        Assert.Single(harness.Logs, l => l.Contains("rejected the session on a GET call (INVALID_SESSION_ID)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_InvalidSessionAlways_OneRenewalThenPermanent401()
    {
        _instance.Server.Given(Request.Create().WithPath(Query).UsingGet()).WithTitle("query.session-invalid").RespondWith(Json(InvalidSession, 401));
        await using var harness = SalesforceHarness.Create(_login.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => SalesforceHarness.ReadAllAsync(harness.Customers.Reader!));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("INVALID_SESSION_ID", error.VendorCode);
        Assert.Equal(2, _login.Calls().Count);
        Assert.Equal(2, _instance.Calls().Count);
    }

    [Fact]
    public async Task Read_DailyCapReached_TransientNotRetried()
    {
        _instance.Server.Given(Request.Create().WithPath(Query).UsingGet()).WithTitle("query.daily-cap")
            .RespondWith(Json("""[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]""", 403));
        await using var harness = SalesforceHarness.Create(_login.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => SalesforceHarness.ReadAllAsync(harness.Orders.Reader!));

        Assert.Equal("REQUEST_LIMIT_EXCEEDED", error.VendorCode);
        Assert.Equal(403, error.StatusCode);
        Assert.Single(_instance.Calls());
    }

    [Fact]
    public async Task Read_ServiceUnavailableThenOk_Retried()
    {
        _instance.FirstThen(Query, "outage", r => r.WithStatusCode(503), Page(true, null, Account), method: "GET");
        await using var harness = SalesforceHarness.Create(_login.BaseUrl);

        var pages = await SalesforceHarness.ReadAllAsync(harness.Customers.Reader!);

        Assert.Single(pages);
        Assert.Equal(["outage.first", "outage.then"], _instance.Served());
    }

    [Fact]
    public async Task Upsert_CollectionAnswer_PerRecordResultsInOrderWithIdentities()
    {
        // The documented Composite sObject Collections answer: one element per record, allOrNone=false.
        const string answer = """
            [{"id":"001RM000003oLnnYAE","success":true,"errors":[],"created":true},
             {"success":false,"errors":[{"statusCode":"DUPLICATE_VALUE","message":"duplicate value found: AccountNumber duplicates value on record with id: 001RM000003oLnnYAE","fields":["AccountNumber"]}]}]
            """;
        var hubId = HubIds.For("erp", "customer", "CUST00001").ToString();
        _instance.Server.Given(Request.Create().WithPath(Query).UsingGet().WithParam("q", new WildcardMatcher($"* FROM Account WHERE Hub_Id__c IN ('{hubId}', *")))
            .WithTitle("query.by-hub-id").RespondWith(Json(Page(true, null)));
        _instance.Server.Given(Request.Create().WithPath("/services/data/v62.0/composite/sobjects/Account/Hub_Id__c").UsingPatch()
                .WithHeader("Authorization", "Bearer token-1")
                .WithBody(new JsonPartialMatcher($$"""{"allOrNone":false,"records":[{"attributes":{"type":"Account"},"Hub_Id__c":"{{hubId}}","Hub_Source_Version__c":3},{}]}""")))
            .WithTitle("composite.upsert").RespondWith(Json(answer));
        await using var harness = SalesforceHarness.Create(_login.BaseUrl);
        CanonicalRecord[] batch = [Canonical.Customer("CUST00001", "Acme Valves", version: 3), Canonical.Customer("CUST00002", "Acme Pumps")];

        var results = await harness.Customers.Upserter!.UpsertAsync(batch);

        Assert.Equal(RecordUpsertStatus.Created, results[0].Status);
        Assert.Equal("001RM000003oLnnYAE", results[0].TargetId);
        Assert.Equal(batch[1].Identity, results[1].Error!.Record);
        Assert.Equal("DUPLICATE_VALUE", results[1].Error!.Code);
        Assert.Contains("[AccountNumber]", results[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(["query.by-hub-id", "composite.upsert"], _instance.Served());
    }

    [Fact]
    public async Task Read_AnswerIsNotJson_PermanentConnectorErrorNotEchoingTheBody()
    {
        _instance.Server.Given(Request.Create().WithPath(Query).UsingGet()).WithTitle("maintenance")
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("<html>maintenance sid=00Dabc</html>"));
        await using var harness = SalesforceHarness.Create(_login.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => SalesforceHarness.ReadAllAsync(harness.Customers.Reader!));

        Assert.Contains("answered 200 with a body that is not the expected JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal(200, error.StatusCode); // as the other vendors' connectors report it
        Assert.DoesNotContain("sid=00Dabc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_InvalidClient_PermanentWithoutTheSecret()
    {
        _login.Server.Given(Request.Create().WithPath("/services/oauth2/token").UsingPost()).WithTitle("token.invalid-client")
            .RespondWith(Json("""{"error":"invalid_client","error_description":"invalid client credentials"}""", 400));
        await using var harness = SalesforceHarness.Create(_login.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => SalesforceHarness.ReadAllAsync(harness.Customers.Reader!));

        Assert.Equal("invalid_client", error.VendorCode);
        Assert.Empty(_instance.Calls());
        Assert.DoesNotContain(SalesforceHarness.ClientSecret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Logs, l => l.Contains(SalesforceHarness.ClientSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_LimitInfoNearTheCap_Degraded()
    {
        await using var harness = SalesforceHarness.Create(_login.BaseUrl);

        var health = await harness.Connector.CheckHealthAsync();

        Assert.Equal(ConnectorHealthStatus.Degraded, health.Status);
        Assert.Equal((14900L, 15000L), harness.Usage.Current);
        Assert.Equal(["salesforce.limits"], _instance.Served());
    }

    public void Dispose()
    {
        _login.Dispose();
        _instance.Dispose();
    }

    private static IResponseBuilder Json(string json, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(json);
}
