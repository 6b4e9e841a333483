using System.Net;
using IntegrationHub.Connectors.Fxiaoke.Api;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using System.Runtime.CompilerServices;

namespace IntegrationHub.Connectors.Fxiaoke.Tests.Client;

/// <summary>The client against WireMock.Net playing Fxiaoke (<c>Mappings/fxiaoke</c>) with per-test answers and faults.</summary>
public sealed class FxiaokeClientErrorTests
{
    private static readonly FxQueryRequest Query = new(new FxQueryData("AccountObj", new FxSearchQueryInfo(10, 0, [], [])));
    private static readonly FxWriteRequest Create = new(new FxWriteData(new System.Text.Json.Nodes.JsonObject { ["dataObjectApiName"] = "AccountObj" }));

    [Fact]
    public async Task Create_NonZeroErrorCode_PermanentWithCodeAndTraceId_NeverTheSecrets()
    {
        // A vendor that echoes what it was sent must not leak it through our error or our logs.
        using var fxiaoke = FxiaokeMock.Start();
        fxiaoke.Answer(FxiaokeMock.CreatePath, "create.refused", FxiaokeMock.Error(
            10001, $"bad field; appSecret={FxiaokeHarness.AppSecret} permanentCode={FxiaokeHarness.PermanentCode}", "vendor-trace-42"));
        await using var harness = FxiaokeHarness.Create(fxiaoke.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Client.CreateAsync(Create));

        Assert.Equal("fxiaoke", error.Connector);
        Assert.Equal("10001", error.VendorCode);
        Assert.Equal("vendor-trace-42", error.VendorTraceId);
        Assert.Contains("errorCode 10001", error.Message, StringComparison.Ordinal);
        Assert.Contains("vendor-trace-42", error.Message, StringComparison.Ordinal);
        foreach (var secret in new[] { FxiaokeHarness.AppSecret, FxiaokeHarness.PermanentCode })
        {
            Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(harness.Logs, l => l.Contains(secret, StringComparison.Ordinal));
        }

        Assert.Single(fxiaoke.Calls(FxiaokeMock.CreatePath));
    }

    [Fact]
    public async Task Create_TheVendorsErrorDescription_IsReported_WithItsMessage()
    {
        using var fxiaoke = FxiaokeMock.Start();
        fxiaoke.Answer(FxiaokeMock.CreatePath, "create.refused", FxiaokeMock.Error(
            320001401, "参数错误", "vendor-trace-7", description: $"field tel__c: not a phone number (appSecret={FxiaokeHarness.AppSecret})"));
        await using var harness = FxiaokeHarness.Create(fxiaoke.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Client.CreateAsync(Create));

        Assert.Contains("(参数错误: field tel__c: not a phone number (appSecret=***))", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FxiaokeHarness.AppSecret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_TheDocumentedAnswer_CountIsReadFromTotal()
    {
        // The shape of the vendor's documented query answer (Mappings/fxiaoke/query-accounts.json): the count is "total".
        using var fxiaoke = FxiaokeMock.Start();
        await using var harness = FxiaokeHarness.Create(fxiaoke.BaseUrl);

        var answer = await harness.Client.QueryAsync(Query with { Data = Query.Data with { FindExplicitTotalNum = true } });

        Assert.Equal(3, answer.Data!.Total);
        Assert.Equal("a1", (string?)Assert.Single(answer.Data.DataList)["_id"]);
        Assert.Equal(["fxiaoke.token.first", "fxiaoke.query.accounts"], fxiaoke.Served());
        fxiaoke.AssertEveryRequestMatched();
    }

    [Fact]
    public async Task Query_ErrorWithoutVendorTraceId_CarriesTheThirdTraceIdWeSent()
    {
        using var fxiaoke = FxiaokeMock.Start();
        fxiaoke.Answer(FxiaokeMock.QueryPath, "query.not-found", FxiaokeMock.Error(10002, "not found"));
        await using var harness = FxiaokeHarness.Create(fxiaoke.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Client.QueryAsync(Query));

        var sent = Assert.Single(fxiaoke.Calls(FxiaokeMock.QueryPath)).RequestMessage.Query!["thirdTraceId"].Single();

        Assert.True(Guid.TryParse(sent, out _));
        Assert.Equal(sent, error.VendorTraceId);
    }

    [Fact]
    public async Task Query_SystemBusyCode_IsTransient()
    {
        using var fxiaoke = FxiaokeMock.Start();
        fxiaoke.Answer(FxiaokeMock.QueryPath, "query.busy", FxiaokeMock.Error(-1, "busy"));
        await using var harness = FxiaokeHarness.Create(fxiaoke.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.QueryAsync(Query));

        Assert.Equal("-1", error.VendorCode);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Query_ThrottledOrUnavailableWithRetryAfter_IsRetriedAfterTheAskedWait(HttpStatusCode status)
    {
        using var fxiaoke = FxiaokeMock.Start();
        fxiaoke.FirstThen(FxiaokeMock.QueryPath, "limited", r => r.WithStatusCode((int)status).WithHeader("Retry-After", "1"), FxiaokeMock.Ok);
        await using var harness = FxiaokeHarness.Create(fxiaoke.BaseUrl);

        var response = await harness.Client.QueryAsync(Query);

        Assert.Equal(0, response.ErrorCode);
        Assert.Equal(["limited.first", "limited.then"], fxiaoke.Served(FxiaokeMock.QueryPath));
        Assert.Single(harness.Logs, l => l.Contains($"retrying as attempt 2 after status {(int)status}", StringComparison.Ordinal)
            && l.Contains("waiting 1000 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_ConnectionReset_NotRepeated_Transient()
    {
        var calls = new StrongBox<int>();
        await using var server = await FxiaokeMock.StartDroppingAsync(_ => true, calls);
        await using var harness = FxiaokeHarness.Create(server.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.CreateAsync(Create));

        Assert.Equal("fxiaoke", error.Connector);
        Assert.Equal(1, calls.Value);
    }

    [Fact]
    public async Task Create_ServiceUnavailable_NotRepeated_Transient()
    {
        using var fxiaoke = FxiaokeMock.Start();
        fxiaoke.Server.Given(Request.Create().WithPath(FxiaokeMock.CreatePath).UsingPost()).AtPriority(0).WithTitle("create.unavailable")
            .RespondWith(Response.Create().WithStatusCode(503));
        await using var harness = FxiaokeHarness.Create(fxiaoke.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.CreateAsync(Create));

        Assert.Equal(503, error.StatusCode);
        Assert.Single(fxiaoke.Calls(FxiaokeMock.CreatePath));
    }

    [Fact]
    public async Task Query_ConnectionReset_IsRetried()
    {
        var calls = new StrongBox<int>();
        await using var server = await FxiaokeMock.StartDroppingAsync(n => n == 1, calls);
        await using var harness = FxiaokeHarness.Create(server.BaseUrl);

        await harness.Client.QueryAsync(Query);

        Assert.Equal(2, calls.Value);
    }

    [Fact]
    public async Task Query_AnswerSlowerThanTheAttemptTimeout_EachAttemptAbandonedAndRetried_ThenTransient()
    {
        using var fxiaoke = FxiaokeMock.Start();
        fxiaoke.Server.Given(Request.Create().WithPath(FxiaokeMock.QueryPath).UsingPost()).WithTitle("slow")
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(3)).WithHeader("Content-Type", "application/json").WithBody(FxiaokeMock.Ok));
        await using var harness = FxiaokeHarness.Create(fxiaoke.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:Fxiaoke:AttemptTimeout"] = "00:00:00.300",
            ["Connectors:Fxiaoke:Retry:MaxRetries"] = "2",
        });

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.QueryAsync(Query));

        Assert.Contains("timed out after 0.3 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, harness.Attempts("cgi/crm/v2/data/query")); // the first attempt and two retries, each abandoned (WireMock logs a call only once answered)
    }
}
