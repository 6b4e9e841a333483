using System.Net.Http.Json;
using IntegrationHub.Orders;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Benchmarks.Push;

/// <summary>
/// The yardstick: a minimal API on Kestrel that binds the same order body (System.Text.Json, the hub's canonical options)
/// and answers 202, with nothing stored or published.
/// </summary>
internal sealed class BareOrderEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareOrderEndpoint(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<BareOrderEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/api/v1/orders", async (HttpRequest request) =>
        {
            var order = await request.ReadFromJsonAsync<SalesOrder>(CanonicalJson.Options, request.HttpContext.RequestAborted);
            return order is null
                ? Results.BadRequest()
                : Results.Accepted("/api/v1/orders/" + Guid.CreateVersion7(), new { orderId = Guid.CreateVersion7(), order.OrderNumber, status = "published" });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareOrderEndpoint(app, new Uri(new Uri(address), "/api/v1/orders"));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
