using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Http.Tests;

/// <summary>A real Kestrel server on 127.0.0.1:0 answering every request with <c>handle</c>; counts requests.</summary>
internal sealed class StubServer : IAsyncDisposable
{
    private LoopbackServer _server = null!;
    private int _requests;
    private int _inFlight;
    private int _maxInFlight;

    public Uri BaseUrl => _server.BaseUrl;

    public int Requests => Volatile.Read(ref _requests);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Starts a stub; <paramref name="handle"/> gets the request and its 1-based number.</summary>
    public static async Task<StubServer> StartAsync(Func<HttpContext, int, Task> handle)
    {
        var stub = new StubServer();
        stub._server = await LoopbackServer.StartAsync(async context =>
        {
            var number = Interlocked.Increment(ref stub._requests);
            var now = Interlocked.Increment(ref stub._inFlight);
            for (var max = stub.MaxInFlight; now > max; max = stub.MaxInFlight)
            {
                Interlocked.CompareExchange(ref stub._maxInFlight, now, max);
            }

            try
            {
                await handle(context, number);
            }
            finally
            {
                Interlocked.Decrement(ref stub._inFlight);
            }
        });
        return stub;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
