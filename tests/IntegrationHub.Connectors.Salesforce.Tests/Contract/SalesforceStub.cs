using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Salesforce.Tests.Contract;

/// <summary>
/// Two real Kestrel servers on 127.0.0.1:0, like an org's two hosts: the login host answers the token endpoint with
/// <c>token-1</c>, <c>token-2</c>, ... and the instance host's URL as <c>instance_url</c>; the instance host records every
/// data request and answers with <c>handle</c> (request, 1-based number).
/// </summary>
internal sealed class SalesforceStub : IAsyncDisposable
{
    private LoopbackServer _login = null!;
    private LoopbackServer _instance = null!;
    private int _tokens;
    private int _calls;

    public Uri LoginUrl => _login.BaseUrl;

    public Uri InstanceUrl => _instance.BaseUrl;

    public int TokensIssued => Volatile.Read(ref _tokens);

    public ConcurrentQueue<string> TokenRequestBodies { get; } = new();

    public ConcurrentQueue<(string Method, string PathAndQuery, string Authorization, string? QueryOptions, string Body)> Calls { get; } = new();

    public static async Task<SalesforceStub> StartAsync(Func<HttpContext, int, Task> handle, Func<HttpContext, Task>? token = null)
    {
        var stub = new SalesforceStub();
        stub._instance = await LoopbackServer.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            stub.Calls.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.ToString(),
                context.Request.Headers["Sforce-Query-Options"].FirstOrDefault(), await reader.ReadToEndAsync()));
            await handle(context, Interlocked.Increment(ref stub._calls));
        });
        stub._login = await LoopbackServer.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            stub.TokenRequestBodies.Enqueue(await reader.ReadToEndAsync());
            if (token is not null)
            {
                await token(context);
                return;
            }

            await context.Response.WriteAsync(new JsonObject
            {
                ["access_token"] = $"token-{Interlocked.Increment(ref stub._tokens)}",
                ["signature"] = "c2lnbmF0dXJl",
                ["scope"] = "api",
                ["instance_url"] = stub.InstanceUrl.ToString().TrimEnd('/'),
                ["id"] = "https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001X8UzAAK",
                ["token_type"] = "Bearer",
                ["issued_at"] = "1731920000000",
            }.ToJsonString());
        });
        return stub;
    }

    public static Task Json(HttpContext context, string json, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        await _login.DisposeAsync();
        await _instance.DisposeAsync();
    }
}
