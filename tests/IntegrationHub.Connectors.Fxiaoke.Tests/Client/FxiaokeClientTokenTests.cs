using IntegrationHub.Connectors.Fxiaoke.Api;
using IntegrationHub.Sandbox.Faults;
using IntegrationHub.Sandbox.Fxiaoke;

namespace IntegrationHub.Connectors.Fxiaoke.Tests.Client;

public sealed class FxiaokeClientTokenTests
{
    private static readonly FxQueryRequest Query = new(new FxQueryData("AccountObj", new FxSearchQueryInfo(10, 0, [], [])));

    [Fact]
    public async Task Query_SeveralCalls_TokenObtainedOnceAndReused()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        await using var harness = FxiaokeHarness.ForSandbox(sandbox);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => harness.Client.QueryAsync(Query)));
        await harness.Client.QueryAsync(Query);

        Assert.Equal(1, sandbox.Tokens.Issued);
        Assert.Equal(1, harness.Attempts("oauth2.0/token"));
        Assert.Equal(6, harness.Attempts("cgi/crm/v2/data/query"));
    }

    [Fact]
    public async Task Query_SandboxExpiredTheToken_RenewsOnceAndRetriesOnce()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        await using var harness = FxiaokeHarness.ForSandbox(sandbox);
        await harness.Client.QueryAsync(Query);
        using (var admin = new HttpClient { BaseAddress = sandbox.BaseUrl })
        {
            admin.DefaultRequestHeaders.Add(SandboxFaults.AdminKeyHeader, sandbox.Faults.AdminKey);
            (await admin.PostAsync(SandboxFaults.AdminPath + "/expire-tokens", null)).EnsureSuccessStatusCode();
        }

        var response = await harness.Client.QueryAsync(Query);

        Assert.Equal(0, response.ErrorCode);
        Assert.Equal(2, sandbox.Tokens.Issued);
        Assert.Equal(3, harness.Attempts("cgi/crm/v2/data/query"));
        Assert.Single(harness.Logs, l => l.Contains("rejected the access token on query", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Query_Answers20016Once_ExactlyOneRenewalAndOneRetryWithTheNewToken()
    {
        using var fxiaoke = FxiaokeMock.Start();
        fxiaoke.FirstThen(FxiaokeMock.QueryPath, "expired", r => r.WithHeader("Content-Type", "application/json").WithBody(FxiaokeMock.Error(20016, "token expired")), FxiaokeMock.Ok);
        await using var harness = FxiaokeHarness.Create(fxiaoke.BaseUrl);

        await harness.Client.QueryAsync(Query);

        Assert.Equal(["fxiaoke.token.first", "expired.first", "fxiaoke.token.renewed", "expired.then"], fxiaoke.Served());
        Assert.Equal(["Bearer token-1", "Bearer token-2"], fxiaoke.Calls(FxiaokeMock.QueryPath).Select(c => c.RequestMessage.Headers!["Authorization"].Single()));
        fxiaoke.AssertEveryRequestMatched();
    }

    [Fact]
    public async Task Query_Answers20016Always_RenewsOnlyOnce_ThenTransient()
    {
        using var fxiaoke = FxiaokeMock.Start();
        fxiaoke.Answer(FxiaokeMock.QueryPath, "expired", FxiaokeMock.Error(20016, "token expired"));
        await using var harness = FxiaokeHarness.Create(fxiaoke.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.QueryAsync(Query));

        Assert.Equal("20016", error.VendorCode);
        Assert.Equal(["fxiaoke.token.first", "expired", "fxiaoke.token.renewed", "expired"], fxiaoke.Served());
    }

    [Fact]
    public async Task Token_VendorRejectsTheCredentials_PermanentWithoutSecrets()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        await using var harness = FxiaokeHarness.ForSandbox(sandbox, new Dictionary<string, string?> { ["Connectors:Fxiaoke:AppSecret"] = FxiaokeHarness.AppSecret });

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Client.QueryAsync(Query));

        Assert.Equal("20014", error.VendorCode);
        Assert.DoesNotContain(FxiaokeHarness.AppSecret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Credentials.PermanentCode, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Logs, l => l.Contains(sandbox.Credentials.PermanentCode, StringComparison.Ordinal));
    }
}
