using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Connectors.Fxiaoke.Tests;

/// <summary>
/// A real Kestrel server on 127.0.0.1:0 answering Fxiaoke-shaped JSON. The token endpoint issues <c>token-1</c>, <c>token-2</c>,
/// ...; every other path is answered by <c>handle</c> with the path and its 1-based request number on that path.
/// Requests per path are counted.
/// </summary>
internal sealed class FxiaokeStub : IAsyncDisposable
{
    public const string TokenPath = "/oauth2.0/token";
    public const string QueryPath = "/cgi/crm/v2/data/query";
    public const string CreatePath = "/cgi/crm/v2/data/create";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);

    private FxiaokeStub(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The bearer tokens business calls carried, in arrival order.</summary>
    public ConcurrentQueue<string> TokensSeen { get; } = new();

    public int Requests(string path) => _requests.TryGetValue(path, out var n) ? n : 0;

    public static async Task<FxiaokeStub> StartAsync(Func<HttpContext, string, int, Task> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var stub = new FxiaokeStub(app);
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "";
            var number = stub._requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            if (path == TokenPath)
            {
                await context.Response.WriteAsync(new JsonObject
                {
                    ["errorCode"] = 0,
                    ["accessToken"] = $"token-{number}",
                    ["expiresIn"] = 7200,
                    ["ea"] = "ea-1",
                }.ToJsonString());
                return;
            }

            stub.TokensSeen.Enqueue(context.Request.Headers.Authorization.ToString());
            await handle(context, path, number);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return stub;
    }

    public static Task Ok(HttpContext context) => context.Response.WriteAsync(
        new JsonObject { ["errorCode"] = 0, ["traceId"] = "vendor-trace", ["dataId"] = "id-1", ["data"] = new JsonObject { ["dataList"] = new JsonArray() } }.ToJsonString());

    public static Task Error(HttpContext context, int errorCode, string message, string? traceId = null) => context.Response.WriteAsync(
        new JsonObject { ["errorCode"] = errorCode, ["errorMessage"] = message, ["traceId"] = traceId }.ToJsonString());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
