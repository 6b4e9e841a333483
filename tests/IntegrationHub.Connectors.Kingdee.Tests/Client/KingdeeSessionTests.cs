using Microsoft.AspNetCore.Http;
using System.Text.Json;

namespace IntegrationHub.Connectors.Kingdee.Tests.Client;

/// <summary>Contract tests against WireMock.Net playing K3Cloud (<c>Mappings/kingdee</c>): session login, reuse and replay.</summary>
public sealed class KingdeeSessionTests
{
    private const string NoRows = "[]";

    [Fact]
    public async Task Read_SeveralCalls_LogsInOnceWithValidateUserParametersAndSendsTheSessionCookie()
    {
        using var kingdee = KingdeeMock.Start();
        await using var harness = KingdeeHarness.Create(kingdee.BaseUrl);

        await harness.ReadAllAsync(harness.Customers);
        await harness.ReadAllAsync(harness.Orders);
        await harness.ReadAllAsync(harness.Customers);

        // The login mapping requires the parameters [acctId, userName, password, lcid]; the query mapping the session cookie.
        Assert.Equal(["kingdee.login.first", "kingdee.query.no-rows", "kingdee.query.no-rows", "kingdee.query.no-rows"], kingdee.Served());
        kingdee.AssertEveryRequestMatched();
    }

    [Fact]
    public async Task Read_SessionLostOnce_LogsInAgainAndReplaysOnce()
    {
        using var kingdee = KingdeeMock.Start();
        kingdee.FirstThen(KingdeeMock.ExecuteBillQuery, "lost", r => r.WithBody(KingdeeMock.Failure(1, "session lost, log in again", nested: true)), NoRows);
        await using var harness = KingdeeHarness.Create(kingdee.BaseUrl);

        var pages = await harness.ReadAllAsync(harness.Customers);

        Assert.Empty(pages);
        Assert.Equal(["kingdee.login.first", "lost.first", "kingdee.login.renewed", "lost.then"], kingdee.Served());
        Assert.Equal(["s-1", "s-2"], kingdee.Calls(KingdeeMock.ExecuteBillQuery).Select(c => c.Session()));
        Assert.Single(harness.Logs, l => l.Contains("lost the session on ExecuteBillQuery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_SessionLostTwice_ReplaysOnlyOnceThenTransient()
    {
        using var kingdee = KingdeeMock.Start();
        kingdee.Answer(KingdeeMock.View, "view.lost", KingdeeMock.Failure(1, "session lost, log in again"));
        await using var harness = KingdeeHarness.Create(kingdee.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Customers.Lookup!.GetAsync("CUST0001"));

        Assert.Equal("1", error.VendorCode);
        Assert.Equal(["kingdee.login.first", "view.lost", "kingdee.login.renewed", "view.lost"], kingdee.Served());
    }

    [Fact]
    public async Task Login_Refused_PermanentNamingTheSettingsWithoutThePassword()
    {
        await using var server = await IntegrationHub.Testing.LoopbackServer.StartAsync(c =>
            c.Response.WriteAsync("""{"Message":"user name or password is wrong","LoginResultType":-1}"""));
        await using var harness = KingdeeHarness.Create(server.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.ReadAllAsync(harness.Customers));

        Assert.Contains("Connectors:Kingdee:AcctId, UserName and Password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KingdeeHarness.Password, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Logs, l => l.Contains(KingdeeHarness.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Query_FailureNestedInRows_PermanentWithMsgCodeAndMessage()
    {
        using var kingdee = KingdeeMock.Start();
        kingdee.Answer(KingdeeMock.ExecuteBillQuery, "query.refused", KingdeeMock.Failure(9, "field FFOO does not exist", nested: true));
        await using var harness = KingdeeHarness.Create(kingdee.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.ReadAllAsync(harness.Customers));

        Assert.Equal("9", error.VendorCode);
        Assert.Contains("field FFOO does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_RowOfTheWrongWidth_PermanentUnusableAnswer()
    {
        using var kingdee = KingdeeMock.Start();
        kingdee.Answer(KingdeeMock.ExecuteBillQuery, "query.narrow-row", """[[1, "CUST0001"]]""");
        await using var harness = KingdeeHarness.Create(kingdee.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.ReadAllAsync(harness.Customers));

        Assert.Contains("not an array of 11 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_Answers503ThenRows_RetriedBecauseAQueryOnlyReads()
    {
        using var kingdee = KingdeeMock.Start();
        kingdee.FirstThen(KingdeeMock.ExecuteBillQuery, "outage", r => r.WithStatusCode(503),
            """[[100001,"CUST0001","2026-11-20T10:11:12.347","A","A",null,null,"PRE001","A","A",null]]""");
        await using var harness = KingdeeHarness.Create(kingdee.BaseUrl);

        var page = Assert.Single(await harness.ReadAllAsync(harness.Customers));

        Assert.Equal("CUST0001", Assert.Single(page.Records).ExternalId);
        Assert.Equal(["outage.first", "outage.then"], kingdee.Served(KingdeeMock.ExecuteBillQuery));
    }

    [Fact]
    public async Task Query_Answers429WithRetryAfter_WaitsAndRetries()
    {
        using var kingdee = KingdeeMock.Start();
        kingdee.FirstThen(KingdeeMock.ExecuteBillQuery, "throttled", r => r.WithStatusCode(429).WithHeader("Retry-After", "1"), NoRows);
        await using var harness = KingdeeHarness.Create(kingdee.BaseUrl);

        await harness.ReadAllAsync(harness.Customers);

        Assert.Equal(["throttled.first", "throttled.then"], kingdee.Served(KingdeeMock.ExecuteBillQuery));
        Assert.Contains(harness.Logs, l => l.Contains("retrying as attempt 2 after status 429", StringComparison.Ordinal) && l.Contains("waiting 1000 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Save_CreateAnswers503_NotRepeatedBecauseACreateMayHaveLanded()
    {
        using var kingdee = KingdeeMock.Start();
        kingdee.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(KingdeeMock.BatchSave).UsingPost()).WithTitle("save.unavailable")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(503));
        await using var harness = KingdeeHarness.Create(kingdee.BaseUrl);
        var record = new CanonicalRecord("crm", CanonicalEntity.Customer, "a1", 1, JsonDocument.Parse("""{"number":"CUST0100","name":"New Co"}""").RootElement);

        await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Customers.Upserter!.UpsertAsync([record]));

        Assert.Single(kingdee.Calls(KingdeeMock.BatchSave));
    }
}
