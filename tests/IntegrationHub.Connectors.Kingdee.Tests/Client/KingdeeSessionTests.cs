using Microsoft.AspNetCore.Http;
using System.Text.Json;

namespace IntegrationHub.Connectors.Kingdee.Tests.Client;

/// <summary>Contract tests against a Kestrel stub answering K3Cloud's documented shapes: session login, reuse and replay.</summary>
public sealed class KingdeeSessionTests
{
    private const string NoRows = "[]";

    [Fact]
    public async Task Read_SeveralCalls_LogsInOnceWithValidateUserParametersAndSendsTheSessionCookie()
    {
        await using var stub = await KingdeeStub.StartAsync((c, _, _) => KingdeeStub.Json(c, NoRows));
        await using var harness = KingdeeHarness.Create(stub.BaseUrl);

        await harness.ReadAllAsync(harness.Customers);
        await harness.ReadAllAsync(harness.Orders);
        await harness.ReadAllAsync(harness.Customers);

        Assert.Equal(1, stub.Requests("ValidateUser"));
        var login = stub.Calls.First(c => c.Method == "ValidateUser").Body!["parameters"]!.AsArray();
        Assert.Equal(["dc-1", "hub", KingdeeHarness.Password], login.Take(3).Select(p => (string?)p));
        Assert.Equal(2052, (int)login[3]!);
        Assert.All(stub.Calls.Where(c => c.Method == "ExecuteBillQuery"), c => Assert.Equal("s-1", c.Session));
    }

    [Fact]
    public async Task Read_SessionLostOnce_LogsInAgainAndReplaysOnce()
    {
        await using var stub = await KingdeeStub.StartAsync((c, _, n) =>
            n == 1 ? KingdeeStub.Failure(c, 1, "session lost, log in again", nested: true) : KingdeeStub.Json(c, NoRows));
        await using var harness = KingdeeHarness.Create(stub.BaseUrl);

        var pages = await harness.ReadAllAsync(harness.Customers);

        Assert.Empty(pages);
        Assert.Equal(2, stub.Requests("ValidateUser"));
        Assert.Equal(2, stub.Requests("ExecuteBillQuery"));
        Assert.Equal(["s-1", "s-2"], stub.Calls.Where(c => c.Method == "ExecuteBillQuery").Select(c => c.Session));
        Assert.Single(harness.Logs, l => l.Contains("lost the session on ExecuteBillQuery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_SessionLostTwice_ReplaysOnlyOnceThenTransient()
    {
        await using var stub = await KingdeeStub.StartAsync((c, _, _) => KingdeeStub.Failure(c, 1, "session lost, log in again"));
        await using var harness = KingdeeHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Customers.Lookup!.GetAsync("CUST0001"));

        Assert.Equal("1", error.VendorCode);
        Assert.Equal(2, stub.Requests("ValidateUser"));
        Assert.Equal(2, stub.Requests("View"));
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
        await using var stub = await KingdeeStub.StartAsync((c, _, _) => KingdeeStub.Failure(c, 9, "field FFOO does not exist", nested: true));
        await using var harness = KingdeeHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.ReadAllAsync(harness.Customers));

        Assert.Equal("9", error.VendorCode);
        Assert.Contains("field FFOO does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_RowOfTheWrongWidth_PermanentUnusableAnswer()
    {
        await using var stub = await KingdeeStub.StartAsync((c, _, _) => KingdeeStub.Json(c, """[[1, "CUST0001"]]"""));
        await using var harness = KingdeeHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.ReadAllAsync(harness.Customers));

        Assert.Contains("not an array of 11 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_Answers503ThenRows_RetriedBecauseAQueryOnlyReads()
    {
        await using var stub = await KingdeeStub.StartAsync(async (c, _, n) =>
        {
            if (n == 1)
            {
                c.Response.StatusCode = 503;
                return;
            }

            await KingdeeStub.Json(c, """[[100001,"CUST0001","2026-11-20T10:11:12.347","A","A",null,null,"PRE001","A","A",null]]""");
        });
        await using var harness = KingdeeHarness.Create(stub.BaseUrl);

        var page = Assert.Single(await harness.ReadAllAsync(harness.Customers));

        Assert.Equal("CUST0001", Assert.Single(page.Records).ExternalId);
        Assert.Equal(2, stub.Requests("ExecuteBillQuery"));
    }

    [Fact]
    public async Task Query_Answers429WithRetryAfter_WaitsAndRetries()
    {
        await using var stub = await KingdeeStub.StartAsync(async (c, _, n) =>
        {
            if (n == 1)
            {
                c.Response.StatusCode = 429;
                c.Response.Headers.RetryAfter = "1";
                return;
            }

            await KingdeeStub.Json(c, NoRows);
        });
        await using var harness = KingdeeHarness.Create(stub.BaseUrl);

        await harness.ReadAllAsync(harness.Customers);

        Assert.Equal(2, stub.Requests("ExecuteBillQuery"));
        Assert.Contains(harness.Logs, l => l.Contains("retrying as attempt 2 after status 429", StringComparison.Ordinal) && l.Contains("waiting 1000 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Save_CreateAnswers503_NotRepeatedBecauseACreateMayHaveLanded()
    {
        await using var stub = await KingdeeStub.StartAsync(async (c, method, _) =>
        {
            if (method == "BatchSave")
            {
                c.Response.StatusCode = 503;
                return;
            }

            await KingdeeStub.Json(c, NoRows);
        });
        await using var harness = KingdeeHarness.Create(stub.BaseUrl);
        var record = new CanonicalRecord("crm", CanonicalEntity.Customer, "a1", 1, JsonDocument.Parse("""{"number":"CUST0100","name":"New Co"}""").RootElement);

        await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Customers.Upserter!.UpsertAsync([record]));

        Assert.Equal(1, stub.Requests("BatchSave"));
    }
}
