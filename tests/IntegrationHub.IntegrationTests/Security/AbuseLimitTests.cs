using System.Net;
using System.Text;
using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Security;

/// <summary>Rate limits per client, the lockout after failed authentications, and request timeouts.</summary>
public sealed class AbuseLimitTests
{
    [Fact]
    public async Task AClientOverItsRate_Gets429WithRetryAfter_AndOtherClientsAreNotAffected()
    {
        await using var hub = await HubTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Hub:Limits:ClientRequestsPerSecond"] = "5",
            ["Hub:Clients:other:Key"] = "other-key-0123456789abcdef",
            ["Hub:Clients:other:Scopes"] = "workflows:read",
        });

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => hub.Http.GetAsync("api/v1/workflows")));
        using var other = new HttpClient { BaseAddress = hub.Http.BaseAddress };
        other.DefaultRequestHeaders.Add("X-Api-Key", "other-key-0123456789abcdef");
        using var otherAnswer = await other.GetAsync("api/v1/workflows");

        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(limited, a => Assert.NotNull(a.Headers.RetryAfter));
        Assert.Equal("application/problem+json", limited[0].Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, otherAnswer.StatusCode);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task RepeatedWrongKeys_LockTheAddressOut_EvenForARightKey_ButNotHealth()
    {
        await using var hub = await HubTestHost.StartAsync(new Dictionary<string, string?> { ["Hub:Limits:FailedAuthenticationsPerMinute"] = "3" });
        using var guesser = new HttpClient { BaseAddress = hub.Http.BaseAddress };
        guesser.DefaultRequestHeaders.Add("X-Api-Key", "guess-0123456789abcdef");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var answer = await guesser.GetAsync("api/v1/workflows");
            statuses.Add(answer.StatusCode);
        }

        using var rightKey = await hub.Http.GetAsync("api/v1/workflows");
        using var health = await hub.Http.GetAsync("health/live");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, rightKey.StatusCode);
        Assert.True(rightKey.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task AnAddressOverItsRate_Gets429_EvenWithoutAKey_ButHealthIsExempt()
    {
        await using var hub = await HubTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Hub:Limits:AddressRequestsPerSecond"] = "5",
            ["Hub:Limits:FailedAuthenticationsPerMinute"] = "1000",
        });
        using var anonymous = new HttpClient { BaseAddress = hub.Http.BaseAddress };

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => anonymous.GetAsync("api/v1/workflows")));
        var health = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => anonymous.GetAsync("health/live")));

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Unauthorized);
        Assert.All(health, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        foreach (var answer in answers.Concat(health))
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task ConnectionsOverTheLimit_AreRefusedByTheServer()
    {
        await using var hub = await HubTestHost.StartAsync(new Dictionary<string, string?> { ["Hub:Limits:MaxConnections"] = "2" });
        var address = hub.Http.BaseAddress!;
        var open = new List<System.Net.Sockets.TcpClient>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var held = new System.Net.Sockets.TcpClient();
                await held.ConnectAsync(address.Host, address.Port);
                open.Add(held);
            }

            await Task.Delay(200);
            using var third = new HttpClient { BaseAddress = address };
            await Assert.ThrowsAsync<HttpRequestException>(() => third.GetAsync("health/live"));
        }
        finally
        {
            open.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task ARequestOverTheTimeout_Is504_AndItsWorkIsCancelled()
    {
        await using var hub = await HubTestHost.StartAsync(
            new Dictionary<string, string?> { ["Hub:Limits:RequestTimeout"] = "00:00:01" },
            new Dictionary<string, string>
            {
                ["slow.yaml"] = """
                    definitionId: slow
                    version: 1
                    trigger: { type: Manual }
                    root:
                      type: Sequence
                      activities:
                        - { id: wait, type: Test.Hang }
                    """,
            },
            services: s => s.AddSingleton<IActivity, HangActivity>());

        using var answer = await hub.Http.PostAsync("api/v1/workflows/slow/run", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, answer.StatusCode);
        Assert.Contains("Hub:Limits:RequestTimeout", await answer.Content.ReadAsStringAsync());
    }

    [Activity("Test.Hang", "Waits until cancelled.")]
    public sealed class HangActivity : IActivity
    {
        public async ValueTask<string> ExecuteAsync(ActivityContext context)
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return ActivityOutcomes.Done;
        }
    }
}
