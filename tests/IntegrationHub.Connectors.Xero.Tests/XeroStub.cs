using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Xero.Tests;

/// <summary>
/// A real Kestrel server on 127.0.0.1:0 answering Xero-shaped JSON. <c>/connect/token</c> issues <c>token-1</c>, <c>token-2</c>,
/// ...; every other request is answered by <c>handle</c> with its 1-based number among non-token requests. Requests are recorded.
/// </summary>
internal sealed class XeroStub : IAsyncDisposable
{
    private LoopbackServer _server = null!;
    private int _tokens;
    private int _calls;

    public Uri BaseUrl => _server.BaseUrl;

    public int TokensIssued => _tokens;

    public int Calls => _calls;

    public ConcurrentQueue<(string Method, string PathAndQuery, IHeaderDictionary Headers, string Body)> Requests { get; } = new();

    public static async Task<XeroStub> StartAsync(Func<HttpContext, int, Task> handle)
    {
        var stub = new XeroStub();
        stub._server = await LoopbackServer.StartAsync(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            stub.Requests.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, new HeaderDictionary(context.Request.Headers.ToDictionary()), body));
            if (context.Request.Path == "/connect/token")
            {
                var n = Interlocked.Increment(ref stub._tokens);
                await context.Response.WriteAsync(new JsonObject { ["access_token"] = $"token-{n}", ["expires_in"] = 1800, ["token_type"] = "Bearer" }.ToJsonString());
                return;
            }

            await handle(context, Interlocked.Increment(ref stub._calls));
        });
        return stub;
    }

    public static Task Json(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
