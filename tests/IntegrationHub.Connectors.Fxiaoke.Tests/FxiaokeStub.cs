using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;

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

    private LoopbackServer _server = null!;
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);

    public Uri BaseUrl => _server.BaseUrl;

    /// <summary>The bearer tokens business calls carried, in arrival order.</summary>
    public ConcurrentQueue<string> TokensSeen { get; } = new();

    public int Requests(string path) => _requests.TryGetValue(path, out var n) ? n : 0;

    public static async Task<FxiaokeStub> StartAsync(Func<HttpContext, string, int, Task> handle)
    {
        var stub = new FxiaokeStub();
        stub._server = await LoopbackServer.StartAsync(async context =>
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
        return stub;
    }

    public static Task Ok(HttpContext context) => context.Response.WriteAsync(
        new JsonObject { ["errorCode"] = 0, ["traceId"] = "vendor-trace", ["dataId"] = "id-1", ["data"] = new JsonObject { ["dataList"] = new JsonArray() } }.ToJsonString());

    public static Task Error(HttpContext context, int errorCode, string message, string? traceId = null, string? description = null) => context.Response.WriteAsync(
        new JsonObject { ["errorCode"] = errorCode, ["errorMessage"] = message, ["errorDescription"] = description, ["traceId"] = traceId }.ToJsonString());

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
