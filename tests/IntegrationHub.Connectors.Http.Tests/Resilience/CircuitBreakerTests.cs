using System.Net;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace IntegrationHub.Connectors.Http.Tests.Resilience;

public sealed class CircuitBreakerTests
{
    [Fact]
    public async Task Send_FailuresReachTheThreshold_OpensThenHalfOpensAfterTheBreakAndClosesOnSuccess()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var healthy = false;
        var trialArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseTrial = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stub = PlumbingMock.Answering(async (_, _) =>
        {
            if (!Volatile.Read(ref healthy))
            {
                return PlumbingMock.Reply(500);
            }

            trialArrived.TrySetResult();
            await releaseTrial.Task;
            return PlumbingMock.Reply(200, "ok");
        });
        await using var harness = ConnectorHarness.Create(stub.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:test:Retry:MaxRetries"] = "0",
            ["Connectors:test:CircuitBreaker:MinimumThroughput"] = "3",
            ["Connectors:test:CircuitBreaker:FailureRatio"] = "1",
            ["Connectors:test:CircuitBreaker:BreakDuration"] = "00:00:30",
        }, time: time);

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.GetAsync("accounts"));
        }

        Assert.Equal(ConnectorCircuitState.Open, harness.Circuits.Get(ConnectorHarness.Name)!.State);
        var rejected = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.GetAsync("accounts"));
        Assert.IsAssignableFrom<BrokenCircuitException>(rejected.InnerException);
        Assert.Equal(3, stub.Requests); // the open circuit did not call the system

        Volatile.Write(ref healthy, true);
        time.Advance(TimeSpan.FromSeconds(31));
        var trial = harness.Client.GetAsync("accounts");
        await trialArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ConnectorCircuitState.HalfOpen, harness.Circuits.Get(ConnectorHarness.Name)!.State);
        releaseTrial.SetResult();
        using var response = await trial;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ConnectorCircuitState.Closed, harness.Circuits.Get(ConnectorHarness.Name)!.State);
    }

    [Fact]
    public async Task Send_429s_DoNotOpenTheCircuit()
    {
        using var stub = PlumbingMock.Answering(429, null, ("Retry-After", "3600"));
        await using var harness = ConnectorHarness.Create(stub.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:test:CircuitBreaker:MinimumThroughput"] = "2",
            ["Connectors:test:CircuitBreaker:FailureRatio"] = "0.5",
        });

        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.GetAsync("accounts"));
        }

        Assert.Equal(4, stub.Requests);
        Assert.Equal([new ConnectorCircuitSnapshot(ConnectorHarness.Name, ConnectorCircuitState.Closed)], harness.Circuits.GetAll());
    }
}
