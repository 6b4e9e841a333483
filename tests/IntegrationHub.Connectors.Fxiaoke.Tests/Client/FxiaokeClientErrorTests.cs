using System.Net;
using IntegrationHub.Connectors.Fxiaoke.Api;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Fxiaoke.Tests.Client;

public sealed class FxiaokeClientErrorTests
{
    private static readonly FxQueryRequest Query = new(new FxQueryData("AccountObj", new FxSearchQueryInfo(10, 0, [], [])));
    private static readonly FxWriteRequest Create = new(new FxWriteData(new System.Text.Json.Nodes.JsonObject { ["dataObjectApiName"] = "AccountObj" }));

    [Fact]
    public async Task Create_NonZeroErrorCode_PermanentWithCodeAndTraceId_NeverTheSecrets()
    {
        // A vendor that echoes what it was sent must not leak it through our error or our logs.
        await using var stub = await FxiaokeStub.StartAsync((context, _, _) => FxiaokeStub.Error(
            context, 10001, $"bad field; appSecret={FxiaokeHarness.AppSecret} permanentCode={FxiaokeHarness.PermanentCode}", "vendor-trace-42"));
        await using var harness = FxiaokeHarness.Create(stub.BaseUrl);

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

        Assert.Equal(1, stub.Requests(FxiaokeStub.CreatePath));
    }

    [Fact]
    public async Task Create_TheVendorsErrorDescription_IsReported_WithItsMessage()
    {
        await using var stub = await FxiaokeStub.StartAsync((context, _, _) => FxiaokeStub.Error(
            context, 320001401, "参数错误", "vendor-trace-7", description: $"field tel__c: not a phone number (appSecret={FxiaokeHarness.AppSecret})"));
        await using var harness = FxiaokeHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Client.CreateAsync(Create));

        Assert.Contains("(参数错误: field tel__c: not a phone number (appSecret=***))", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FxiaokeHarness.AppSecret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_TheDocumentedAnswer_CountIsReadFromTotal()
    {
        // The shape of the vendor's documented query answer: the count is "total" (not "totalNumber").
        await using var stub = await FxiaokeStub.StartAsync((context, _, _) => context.Response.WriteAsync(
            """{"errorCode":0,"errorMessage":"OK","traceId":"E-1","data":{"total":3,"dataList":[{"_id":"a1","name":"Acme","last_modified_time":1764720000000,"version":"2"}]}}"""));
        await using var harness = FxiaokeHarness.Create(stub.BaseUrl);

        var answer = await harness.Client.QueryAsync(Query with { Data = Query.Data with { FindExplicitTotalNum = true } });

        Assert.Equal(3, answer.Data!.Total);
        Assert.Equal("a1", (string?)Assert.Single(answer.Data.DataList)["_id"]);
    }

    [Fact]
    public async Task Query_ErrorWithoutVendorTraceId_CarriesTheThirdTraceIdWeSent()
    {
        string? sent = null;
        await using var stub = await FxiaokeStub.StartAsync((context, _, _) =>
        {
            sent = context.Request.Query["thirdTraceId"];
            return FxiaokeStub.Error(context, 10002, "not found");
        });
        await using var harness = FxiaokeHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Client.QueryAsync(Query));

        Assert.True(Guid.TryParse(sent, out _));
        Assert.Equal(sent, error.VendorTraceId);
    }

    [Fact]
    public async Task Query_SystemBusyCode_IsTransient()
    {
        await using var stub = await FxiaokeStub.StartAsync((context, _, _) => FxiaokeStub.Error(context, -1, "busy"));
        await using var harness = FxiaokeHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.QueryAsync(Query));

        Assert.Equal("-1", error.VendorCode);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Query_ThrottledOrUnavailableWithRetryAfter_IsRetriedAfterTheAskedWait(HttpStatusCode status)
    {
        await using var stub = await FxiaokeStub.StartAsync((context, _, n) =>
        {
            if (n == 1)
            {
                context.Response.StatusCode = (int)status;
                context.Response.Headers.RetryAfter = "1";
                return Task.CompletedTask;
            }

            return FxiaokeStub.Ok(context);
        });
        await using var harness = FxiaokeHarness.Create(stub.BaseUrl);

        var response = await harness.Client.QueryAsync(Query);

        Assert.Equal(0, response.ErrorCode);
        Assert.Equal(2, stub.Requests(FxiaokeStub.QueryPath));
        Assert.Single(harness.Logs, l => l.Contains($"retrying as attempt 2 after status {(int)status}", StringComparison.Ordinal)
            && l.Contains("waiting 1000 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_ConnectionReset_NotRepeated_Transient()
    {
        await using var stub = await FxiaokeStub.StartAsync((context, _, _) =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        await using var harness = FxiaokeHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.CreateAsync(Create));

        Assert.Equal("fxiaoke", error.Connector);
        Assert.Equal(1, stub.Requests(FxiaokeStub.CreatePath));
    }

    [Fact]
    public async Task Create_ServiceUnavailable_NotRepeated_Transient()
    {
        await using var stub = await FxiaokeStub.StartAsync((context, _, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        await using var harness = FxiaokeHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.CreateAsync(Create));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(1, stub.Requests(FxiaokeStub.CreatePath));
    }

    [Fact]
    public async Task Query_ConnectionReset_IsRetried()
    {
        await using var stub = await FxiaokeStub.StartAsync((context, _, n) =>
        {
            if (n == 1)
            {
                context.Abort();
                return Task.CompletedTask;
            }

            return FxiaokeStub.Ok(context);
        });
        await using var harness = FxiaokeHarness.Create(stub.BaseUrl);

        await harness.Client.QueryAsync(Query);

        Assert.Equal(2, stub.Requests(FxiaokeStub.QueryPath));
    }
}
