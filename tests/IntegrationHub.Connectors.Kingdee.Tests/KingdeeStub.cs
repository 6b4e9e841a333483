using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Kingdee.Tests;

/// <summary>
/// A real Kestrel server on 127.0.0.1:0 answering K3Cloud-shaped JSON. <c>ValidateUser</c> opens sessions <c>s-1</c>, <c>s-2</c>,
/// ... (body and cookie); every other method is answered by <c>handle</c> with the method name and its 1-based request number.
/// Request bodies and the session cookie each call carried are recorded.
/// </summary>
internal sealed class KingdeeStub : IAsyncDisposable
{
    private LoopbackServer _server = null!;
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);

    public Uri BaseUrl => _server.BaseUrl;

    public ConcurrentQueue<(string Method, string? Session, JsonNode? Body)> Calls { get; } = new();

    public int Requests(string method) => _requests.TryGetValue(method, out var n) ? n : 0;

    public static async Task<KingdeeStub> StartAsync(Func<HttpContext, string, int, Task> handle)
    {
        var stub = new KingdeeStub();
        stub._server = await LoopbackServer.StartAsync(async context =>
        {
            var path = context.Request.Path.Value ?? "";
            var method = path.Replace("/K3Cloud/Kingdee.BOS.WebApi.ServicesStub.", "", StringComparison.Ordinal).Replace(".common.kdsvc", "", StringComparison.Ordinal);
            method = method[(method.LastIndexOf('.') + 1)..];
            var number = stub._requests.AddOrUpdate(method, 1, (_, n) => n + 1);
            var body = await JsonNode.ParseAsync(context.Request.Body);
            stub.Calls.Enqueue((method, context.Request.Cookies["kdservice-sessionid"], body));
            if (method == "ValidateUser")
            {
                context.Response.Headers.Append("Set-Cookie", $"kdservice-sessionid=s-{number}; path=/");
                await context.Response.WriteAsync(new JsonObject { ["LoginResultType"] = 1, ["KDSVCSessionId"] = $"s-{number}", ["IsSuccessByAPI"] = true }.ToJsonString());
                return;
            }

            await handle(context, method, number);
        });
        return stub;
    }

    public static Task Json(HttpContext context, string json) => context.Response.WriteAsync(json);

    /// <summary>K3Cloud's failure status, as Save/View answer it; <paramref name="nested"/> as ExecuteBillQuery does (<c>[[...]]</c>).</summary>
    public static Task Failure(HttpContext context, int msgCode, string message, bool nested = false)
    {
        var status = new JsonObject
        {
            ["Result"] = new JsonObject
            {
                ["ResponseStatus"] = new JsonObject
                {
                    ["ErrorCode"] = 500,
                    ["IsSuccess"] = false,
                    ["Errors"] = new JsonArray(new JsonObject { ["FieldName"] = null, ["Message"] = message, ["DIndex"] = 0 }),
                    ["SuccessEntitys"] = new JsonArray(),
                    ["SuccessMessages"] = new JsonArray(),
                    ["MsgCode"] = msgCode,
                },
            },
        }.ToJsonString();
        return context.Response.WriteAsync(nested ? $"[[{status}]]" : status);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
