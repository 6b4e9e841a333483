using System.Collections.Concurrent;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Mailchimp.Tests.Contract;

/// <summary>A real Kestrel server on 127.0.0.1:0 that records each request and answers with <c>handle</c> (request, 1-based number).</summary>
internal sealed class MailchimpStub : IAsyncDisposable
{
    private LoopbackServer _server = null!;
    private int _count;

    public Uri BaseUrl => new(_server.BaseUrl, "3.0/");

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<MailchimpStub> StartAsync(Func<HttpContext, RecordedRequest, int, Task> handle)
    {
        var stub = new MailchimpStub();
        stub._server = await LoopbackServer.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var recorded = new RecordedRequest(
                context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.FirstOrDefault(), await reader.ReadToEndAsync());
            stub.Requests.Enqueue(recorded);
            await handle(context, recorded, Interlocked.Increment(ref stub._count));
        });
        return stub;
    }

    public static Task Json(HttpContext context, string json, int status = 200, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(json);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
