using IntegrationHub.Testing;
using System.Net;
using Microsoft.AspNetCore.Http;
using Polly.Timeout;

namespace IntegrationHub.Connectors.Http.Tests.Resilience;

/// <summary>
/// Lost connections and slow answers, on a bare Kestrel <see cref="LoopbackServer"/>: WireMock.Net 1.x cannot drop a
/// connection, and its delays do not end when the client gives up (its server waits for them when it stops).
/// </summary>
public sealed class ConnectionFailureTests
{
    private int _requests;

    private Task<LoopbackServer> StartAsync(Func<HttpContext, int, Task> handle) =>
        LoopbackServer.StartAsync(context => handle(context, Interlocked.Increment(ref _requests)));

    [Fact]
    public async Task Send_GetConnectionReset_IsRetriedAndSucceeds()
    {
        await using var stub = await StartAsync(async (context, n) =>
        {
            if (n == 1)
            {
                context.Abort();
                return;
            }

            await context.Response.WriteAsync("ok");
        });
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);

        using var response = await harness.Client.GetAsync("contacts");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, Volatile.Read(ref _requests));
    }

    [Fact]
    public async Task Send_PostConnectionReset_ThrowsTransientWithoutRepeatingThePost()
    {
        await using var stub = await StartAsync((context, _) =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.PostAsync("contacts", new StringContent("{}")));

        Assert.Equal(1, Volatile.Read(ref _requests));
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(ConnectorHarness.Name, error.Connector);
    }

    [Fact]
    public async Task Send_SlowAnswer_AttemptTimesOutAndTheRetryGetsTheFastAnswer()
    {
        await using var stub = await StartAsync(async (context, n) =>
        {
            if (n == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await context.Response.WriteAsync("ok");
        });
        // 1 s per attempt: far below the slow answer (10 s), far above a fast one even on a loaded machine (300 ms was outrun).
        await using var harness = ConnectorHarness.Create(stub.BaseUrl, new Dictionary<string, string?> { ["Connectors:test:AttemptTimeout"] = "00:00:01" });

        using var response = await harness.Client.GetAsync("contacts");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, Volatile.Read(ref _requests));
    }

    [Fact]
    public async Task Send_AlwaysSlow_ThrowsTransientTimeout()
    {
        await using var stub = await StartAsync(async (context, _) =>
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default));
        await using var harness = ConnectorHarness.Create(stub.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:test:AttemptTimeout"] = "00:00:00.200",
            ["Connectors:test:Timeout"] = "00:00:00.500",
        });

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.GetAsync("contacts"));

        Assert.IsType<TimeoutRejectedException>(error.InnerException);
        Assert.Contains("timed out", error.Message);
    }

    [Fact]
    public async Task Send_CallerCancels_ThrowsOperationCanceledNotAConnectorError()
    {
        // The caller cancels once the vendor has the request (not after a fixed time, which a loaded machine can outrun).
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stub = await StartAsync(async (context, _) =>
        {
            arrived.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);
        using var cancel = new CancellationTokenSource();
        _ = arrived.Task.ContinueWith(_ => cancel.CancelAfter(TimeSpan.FromMilliseconds(50)), TaskScheduler.Default);

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Client.GetAsync("contacts", cancel.Token));
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // a retry, if one were made, would have arrived by now

        Assert.Equal(1, Volatile.Read(ref _requests));
        Assert.True(cancel.IsCancellationRequested, error.Message);
    }
}
