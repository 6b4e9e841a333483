using System.Collections.Concurrent;
using System.Net;

namespace IntegrationHub.Connectors.Http.Tests.Resilience;

public sealed class RetryTests
{
    private static readonly TimeSpan TimerGranularity = TimeSpan.FromMilliseconds(15);

    [Fact]
    public async Task Send_429WithRetryAfterSeconds_WaitsAtLeastTheHeaderThenSucceeds()
    {
        var arrivals = new ConcurrentQueue<long>();
        using var stub = PlumbingMock.Answering((_, n) =>
        {
            arrivals.Enqueue(TimeProvider.System.GetTimestamp());
            return Task.FromResult(n == 1 ? PlumbingMock.Reply(429, null, ("Retry-After", "1")) : PlumbingMock.Reply(200, "ok"));
        });
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);

        using var response = await harness.Client.GetAsync("invoices");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Requests);
        var times = arrivals.ToArray();
        var waited = TimeProvider.System.GetElapsedTime(times[0], times[1]);
        // .NET timers run on a coarse millisecond clock (CLOCK_MONOTONIC_COARSE on Linux, ~4 ms steps), so a 1 s delay can
        // end a few ms early by the Stopwatch; 15 ms covers that granularity, not a shorter wait.
        Assert.True(waited >= TimeSpan.FromSeconds(1) - TimerGranularity, $"the retry came {waited.TotalMilliseconds} ms after the 429, before its Retry-After of 1 s");
    }

    [Fact]
    public async Task Send_503WithRetryAfterHttpDate_RetriesNoEarlierThanTheDate()
    {
        DateTimeOffset retryAt = default;
        DateTimeOffset secondArrival = default;
        using var stub = PlumbingMock.Answering((_, n) =>
        {
            if (n == 1)
            {
                // HTTP-dates have whole seconds: round up so the date is 1-2 s ahead.
                var now = TimeProvider.System.GetUtcNow();
                retryAt = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(2);
                return Task.FromResult(PlumbingMock.Reply(503, null, ("Retry-After", retryAt.ToString("r"))));
            }

            secondArrival = TimeProvider.System.GetUtcNow();
            return Task.FromResult(PlumbingMock.Reply(200, "ok"));
        });
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);

        using var response = await harness.Client.GetAsync("invoices");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The wait is computed to the date; the tolerance is the timers' clock granularity (see above).
        Assert.True(secondArrival >= retryAt - TimerGranularity, $"retried at {secondArrival:O}, before the Retry-After date {retryAt:O}");
    }

    [Fact]
    public async Task Send_429AskingLongerThanMaxRetryAfter_IsNotRetriedAndCarriesTheWait()
    {
        using var stub = PlumbingMock.Answering(429, null, ("Retry-After", "3600"));
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.GetAsync("invoices"));

        Assert.Equal(1, stub.Requests);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
    }

    [Fact]
    public async Task Send_Get5xxTwice_RetriesAndSucceeds()
    {
        using var stub = PlumbingMock.Answering((_, n) => Task.FromResult(PlumbingMock.Reply(n switch { 1 => 500, 2 => 502, _ => 200 }, n >= 3 ? "ok" : "down")));
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);

        using var response = await harness.Client.GetAsync("invoices");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, stub.Requests);
        Assert.Contains(harness.Logs, line => line.Contains("test: GET /invoices answered 500", StringComparison.Ordinal) && line.EndsWith("(attempt 1)", StringComparison.Ordinal));
        Assert.Contains(harness.Logs, line => line.Contains("test: GET /invoices answered 200", StringComparison.Ordinal) && line.EndsWith("(attempt 3)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_Post5xx_IsNotRetriedBecauseItMayHaveBeenApplied()
    {
        using var stub = PlumbingMock.Answering(500);
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.PostAsync("invoices", new StringContent("{}")));

        Assert.Equal(1, stub.Requests);
        Assert.Equal(500, error.StatusCode);
    }

    [Fact]
    public async Task Send_PostWithIdempotencyKey5xx_IsRetried()
    {
        using var stub = PlumbingMock.Answering((_, n) => Task.FromResult(PlumbingMock.Reply(n == 1 ? 503 : 201)));
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);
        using var request = new HttpRequestMessage(HttpMethod.Post, "invoices") { Content = new StringContent("{}") };
        request.Headers.Add("Idempotency-Key", "inv-1");

        using var response = await harness.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, stub.Requests);
    }

    [Fact]
    public async Task Send_GetExhaustsRetries_ThrowsTransientWithTheLastStatus()
    {
        using var stub = PlumbingMock.Answering(503);
        await using var harness = ConnectorHarness.Create(stub.BaseUrl, new Dictionary<string, string?> { ["Connectors:test:Retry:MaxRetries"] = "2" });

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.GetAsync("invoices?page=1"));

        Assert.Equal(3, stub.Requests);
        Assert.Equal(503, error.StatusCode);
        Assert.Contains("GET /invoices answered 503", error.Message);
    }
}
