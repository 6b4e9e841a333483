using System.Collections.Concurrent;
using System.Net;

namespace IntegrationHub.Connectors.Http.Tests.Resilience;

public sealed class LimiterTests
{
    [Fact]
    public async Task Send_ManyAtOnce_NeverMoreInFlightThanMaxConcurrency()
    {
        using var stub = PlumbingMock.Answering(async (_, _) =>
        {
            await Task.Delay(50);
            return PlumbingMock.Reply(200, "ok");
        });
        await using var harness = ConnectorHarness.Create(stub.BaseUrl, new Dictionary<string, string?> { ["Connectors:test:Limits:MaxConcurrency"] = "2" });
        var client = harness.Client;

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => client.GetAsync($"invoices/{i}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(12, stub.Requests);
        Assert.InRange(stub.MaxInFlight, 1, 2);
    }

    [Fact]
    public async Task Send_MoreThanThePermitLimit_WaitsForTheWindowToSlide()
    {
        // The framework's rate limiters keep their own clock, so this one runs in real time: a 2 s window of 2 segments.
        var arrivals = new ConcurrentQueue<long>();
        using var stub = PlumbingMock.Answering((_, _) =>
        {
            arrivals.Enqueue(TimeProvider.System.GetTimestamp());
            return Task.FromResult(PlumbingMock.Reply(200, "ok"));
        });
        await using var harness = ConnectorHarness.Create(stub.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:test:Limits:PermitLimit"] = "3",
            ["Connectors:test:Limits:Window"] = "00:00:02",
            ["Connectors:test:Limits:SegmentsPerWindow"] = "2",
        });
        var client = harness.Client;

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => client.GetAsync($"invoices/{i}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var times = arrivals.ToArray();
        Assert.Equal(5, times.Length);
        // Three permits per window: the 4th permit is granted only when the first ones slide out of the window, at least
        // one segment (1 s) after they were taken; 500 ms leaves room for the first request's connection set-up.
        var fourthAfterFirst = TimeProvider.System.GetElapsedTime(times[0], times[3]);
        Assert.True(fourthAfterFirst >= TimeSpan.FromMilliseconds(500), $"the 4th request started {fourthAfterFirst.TotalMilliseconds} ms after the 1st");
    }

    [Fact]
    public async Task Send_WaitingForAPermitLongerThanTheTimeout_IsBackpressure_NotATimeout()
    {
        // Real time again: one permit per 2 s window, a 1 s total timeout. The second call queues about 2 s for its
        // permit, longer than the timeout, and still succeeds: only the vendor's own time counts against the timeout.
        using var stub = PlumbingMock.Answering(200, "ok");
        await using var harness = ConnectorHarness.Create(stub.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:test:Limits:PermitLimit"] = "1",
            ["Connectors:test:Limits:Window"] = "00:00:02",
            ["Connectors:test:Limits:SegmentsPerWindow"] = "1",
            ["Connectors:test:Timeout"] = "00:00:01",
            ["Connectors:test:AttemptTimeout"] = "00:00:01",
        });
        var client = harness.Client;
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var responses = await Task.WhenAll(client.GetAsync("invoices/1"), client.GetAsync("invoices/2"));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.5), $"both answered after {watch.Elapsed.TotalMilliseconds} ms: the second did not wait for its permit");
        Assert.Equal(2, stub.Requests);
    }

    [Fact]
    public async Task Send_PerPathLimits_ACallQueuedForOnePath_DoesNotHoldUpAnother()
    {
        using var stub = PlumbingMock.Answering(200, "ok");
        await using var harness = ConnectorHarness.Create(stub.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:test:Limits:PermitLimit"] = "1",
            ["Connectors:test:Limits:Window"] = "00:00:03",
            ["Connectors:test:Limits:SegmentsPerWindow"] = "1",
            ["Connectors:test:Limits:MaxConcurrency"] = "1",
            ["Connectors:test:Limits:PerPath"] = "true",
        });
        var client = harness.Client;
        using var first = await client.PostAsync("query", new StringContent("{}"));
        var queued = client.PostAsync("query", new StringContent("{}")); // waits about 3 s for the query window

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var create = await client.PostAsync("create", new StringContent("{}"));
        var createTook = watch.Elapsed;
        using var second = await queued;

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, create.StatusCode, second.StatusCode));
        Assert.True(createTook < TimeSpan.FromSeconds(1.5), $"the create waited {createTook.TotalMilliseconds} ms behind the queued query");
    }

    [Fact]
    public async Task Send_PerPathLimits_EachPathHasItsOwnWindow()
    {
        using var stub = PlumbingMock.Answering(200, "ok");
        await using var harness = ConnectorHarness.Create(stub.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:test:Limits:PermitLimit"] = "3",
            ["Connectors:test:Limits:Window"] = "00:10:00",
            ["Connectors:test:Limits:QueueLimit"] = "0",
            ["Connectors:test:Limits:PerPath"] = "true",
        });
        var client = harness.Client;

        foreach (var path in new[] { "query", "create", "query", "create", "query", "create" })
        {
            using var response = await client.PostAsync(path + "?traceId=" + Guid.NewGuid(), new StringContent("{}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => client.PostAsync("query", new StringContent("{}")));
        Assert.Contains("limits", error.Message, StringComparison.Ordinal);
        Assert.Equal(6, stub.Requests);
    }

    [Fact]
    public async Task Send_ConnectorWideLimits_AllPathsShareOneWindow()
    {
        using var stub = PlumbingMock.Answering(200, "ok");
        await using var harness = ConnectorHarness.Create(stub.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:test:Limits:PermitLimit"] = "3",
            ["Connectors:test:Limits:Window"] = "00:10:00",
            ["Connectors:test:Limits:QueueLimit"] = "0",
        });
        var client = harness.Client;

        foreach (var path in new[] { "query", "create", "update" })
        {
            using var response = await client.PostAsync(path, new StringContent("{}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Assert.ThrowsAsync<ConnectorTransientException>(() => client.PostAsync("other", new StringContent("{}")));
        Assert.Equal(3, stub.Requests);
    }
}
