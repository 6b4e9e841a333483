using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Connectors.Http.Tests;

/// <summary>A real Kestrel server on 127.0.0.1:0 answering every request with <c>handle</c>; counts requests.</summary>
internal sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;
    private int _inFlight;
    private int _maxInFlight;

    private StubServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Starts a stub; <paramref name="handle"/> gets the request and its 1-based number.</summary>
    public static async Task<StubServer> StartAsync(Func<HttpContext, int, Task> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var stub = new StubServer(app);
        app.Run(async context =>
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
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
