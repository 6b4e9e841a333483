using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Sandbox.Faults;
using IntegrationHub.Sandbox.Fxiaoke;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Sandbox.Tests.Faults;

/// <summary>Fault injection on a real sandbox (Kestrel on 127.0.0.1), seen through raw HTTP.</summary>
public sealed class SandboxFaultsTests
{
    [Fact]
    public async Task Errors_SameSeed_SameSequenceEveryTime()
    {
        var profile = new FaultProfile { ErrorRate = 0.5, ErrorStatus = 502, Seed = 7 };
        var first = await StatusesAsync(profile, 30);
        var second = await StatusesAsync(profile, 30);

        Assert.Equal(first, second);
        Assert.Contains(HttpStatusCode.BadGateway, first);
        Assert.Contains(HttpStatusCode.OK, first);
    }

    [Fact]
    public async Task Errors_WithRetryAfter_HeaderInWholeSeconds()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync(new FxiaokeSandboxOptions
        {
            Faults = new FaultProfile { ErrorRate = 1, ErrorStatus = 429, ErrorRetryAfter = TimeSpan.FromMilliseconds(1500) },
        });
        using var client = new HttpClient { BaseAddress = sandbox.BaseUrl };

        using var response = await SandboxCalls.TokenAsync(client, sandbox);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        Assert.Equal(1, sandbox.Faults.Counts.Errors);
        Assert.Equal(0, sandbox.Tokens.Issued);
    }

    [Fact]
    public async Task Outage_FromStartForItsDuration_503WithTheRestAsRetryAfter_ThenServes()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var sandbox = await FxiaokeSandbox.StartAsync(new FxiaokeSandboxOptions
        {
            Faults = new FaultProfile { Outages = [new OutageWindow { Start = time.GetUtcNow().AddSeconds(10), Duration = TimeSpan.FromSeconds(30) }] },
        }, time);
        using var client = new HttpClient { BaseAddress = sandbox.BaseUrl };

        using var before = await SandboxCalls.TokenAsync(client, sandbox);
        time.Advance(TimeSpan.FromSeconds(15));
        using var during = await SandboxCalls.TokenAsync(client, sandbox);
        time.Advance(TimeSpan.FromSeconds(25));
        using var after = await SandboxCalls.TokenAsync(client, sandbox);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(25), during.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, sandbox.Faults.Counts.OutageRejections);
    }

    [Fact]
    public async Task Reset_AbortsTheConnectionWithoutAnAnswer()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync(new FxiaokeSandboxOptions { Faults = new FaultProfile { ResetRate = 1 } });
        using var client = new HttpClient { BaseAddress = sandbox.BaseUrl };

        await Assert.ThrowsAsync<HttpRequestException>(() => SandboxCalls.TokenAsync(client, sandbox));

        Assert.Equal(0, sandbox.Tokens.Issued);
        Assert.Equal(1, sandbox.Faults.Counts.Resets);
    }

    [Fact]
    public async Task TokenExpiry_EveryRequest_BusinessCallAnswers20016()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        using var client = new HttpClient { BaseAddress = sandbox.BaseUrl };
        var token = await SandboxCalls.TokenValueAsync(client, sandbox);
        sandbox.Faults.Apply(new FaultProfile { TokenExpiryRate = 1 });

        var answer = await SandboxCalls.QueryAsync(client, sandbox, token, "AccountObj");

        Assert.Equal(20016, answer["errorCode"]!.GetValue<int>());
        Assert.False(sandbox.Tokens.IsValid(token));
    }

    [Fact]
    public async Task Latency_DelaysOnTheSandboxClock()
    {
        var time = new FakeTimeProvider();
        await using var sandbox = await FxiaokeSandbox.StartAsync(new FxiaokeSandboxOptions { Faults = new FaultProfile { Latency = TimeSpan.FromMinutes(1) } }, time);
        using var client = new HttpClient { BaseAddress = sandbox.BaseUrl };

        var call = SandboxCalls.TokenAsync(client, sandbox);
        await Testing.WaitUntilAsync(() => sandbox.Faults.Counts.Delayed == 1);
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1));
        using var response = await call;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Admin_WithoutOrWithAWrongKey_401AndNothingChanges()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = sandbox.BaseUrl };
        using var wrong = SandboxCalls.Admin(sandbox, "0000");

        using var get = await anonymous.GetAsync(SandboxFaults.AdminPath);
        using var put = await wrong.PutAsJsonAsync(SandboxFaults.AdminPath, new { errorRate = 1 });
        using var expire = await wrong.PostAsync(SandboxFaults.AdminPath + "/expire-tokens", null);

        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expire.StatusCode);
        Assert.True(sandbox.Faults.Profile.IsEmpty);
        Assert.DoesNotContain(sandbox.Faults.AdminKey, await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_PutGetDelete_ChangesTheProfileAtRuntime()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        using var admin = SandboxCalls.Admin(sandbox);
        using var client = new HttpClient { BaseAddress = sandbox.BaseUrl };

        using var put = await admin.PutAsJsonAsync(SandboxFaults.AdminPath, new { errorRate = 1.0, errorStatus = 500, seed = 3 });
        using var failing = await SandboxCalls.TokenAsync(client, sandbox);
        var shown = await admin.GetFromJsonAsync<JsonObject>(SandboxFaults.AdminPath);
        using var delete = await admin.DeleteAsync(SandboxFaults.AdminPath);
        using var working = await SandboxCalls.TokenAsync(client, sandbox);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, failing.StatusCode);
        Assert.Equal(1.0, shown!["profile"]!["errorRate"]!.GetValue<double>());
        Assert.Equal(1, shown["counts"]!["errors"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, working.StatusCode);
    }

    [Fact]
    public async Task Admin_PutInvalidProfile_400ListsEveryProblem_ProfileKept()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync(new FxiaokeSandboxOptions { Faults = new FaultProfile { Latency = TimeSpan.FromMilliseconds(1) } });
        using var admin = SandboxCalls.Admin(sandbox);

        using var invalid = await admin.PutAsJsonAsync(SandboxFaults.AdminPath, new { errorRate = 2.0, errorStatus = 200 });
        using var unknown = await admin.PutAsJsonAsync(SandboxFaults.AdminPath, new { errorRat = 0.5 });
        var problem = await invalid.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = problem!["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Contains("ErrorRate must be between 0 and 1.", errors);
        Assert.Contains("ErrorStatus must be 429 or between 500 and 599.", errors);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(1), sandbox.Faults.Profile.Latency);
    }

    [Fact]
    public async Task Admin_ExpireTokens_OnceNow()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        using var admin = SandboxCalls.Admin(sandbox);
        var token = await SandboxCalls.TokenValueAsync(admin, sandbox);

        using var response = await admin.PostAsync(SandboxFaults.AdminPath + "/expire-tokens", null);
        var answer = await SandboxCalls.QueryAsync(admin, sandbox, token, "AccountObj");
        var fresh = await SandboxCalls.TokenValueAsync(admin, sandbox);
        var again = await SandboxCalls.QueryAsync(admin, sandbox, fresh, "AccountObj");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(20016, answer["errorCode"]!.GetValue<int>());
        Assert.Equal(0, again["errorCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task Paths_OnlyThoseRequestsMeetFaults()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync(new FxiaokeSandboxOptions
        {
            Faults = new FaultProfile { ErrorRate = 1, Paths = ["/cgi/crm/v2/data/"] },
        });
        using var client = new HttpClient { BaseAddress = sandbox.BaseUrl };

        var token = await SandboxCalls.TokenValueAsync(client, sandbox);
        var query = await Assert.ThrowsAsync<HttpRequestException>(() => SandboxCalls.QueryAsync(client, sandbox, token, "AccountObj"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, query.StatusCode);
        Assert.Equal(1, sandbox.Faults.Counts.Requests);
    }

    [Fact]
    public async Task Admin_PutNullList_400NamingIt()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        using var admin = SandboxCalls.Admin(sandbox);

        using var response = await admin.PutAsync(SandboxFaults.AdminPath, new StringContent("""{"paths":null}""", System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Paths must be a list (empty for none).", problem!["errors"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task AdminKey_FreshPerStart()
    {
        await using var one = await FxiaokeSandbox.StartAsync();
        await using var two = await FxiaokeSandbox.StartAsync();

        Assert.NotEqual(one.Faults.AdminKey, two.Faults.AdminKey);
        Assert.Equal(32, one.Faults.AdminKey.Length);
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(FaultProfile profile, int requests)
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync(new FxiaokeSandboxOptions { Faults = profile });
        using var client = new HttpClient { BaseAddress = sandbox.BaseUrl };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < requests; i++)
        {
            using var response = await SandboxCalls.TokenAsync(client, sandbox);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }
}
