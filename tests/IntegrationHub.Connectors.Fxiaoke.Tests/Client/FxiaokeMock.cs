using IntegrationHub.Testing;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Fxiaoke.Tests.Client;

/// <summary>WireMock.Net playing Fxiaoke with <c>Mappings/fxiaoke/*.json</c>, plus the per-test answers the contract tests add.</summary>
internal static class FxiaokeMock
{
    public const string TokenPath = "/oauth2.0/token";
    public const string QueryPath = "/cgi/crm/v2/data/query";
    public const string CreatePath = "/cgi/crm/v2/data/create";

    public static VendorMock Start() => VendorMock.Start("fxiaoke");

    public static string Ok => """{"errorCode":0,"traceId":"vendor-trace","dataId":"id-1","data":{"dataList":[]}}""";

    public static string Error(int code, string message, string? traceId = null, string? description = null) =>
        new System.Text.Json.Nodes.JsonObject { ["errorCode"] = code, ["errorMessage"] = message, ["errorDescription"] = description, ["traceId"] = traceId }.ToJsonString();

    /// <summary>
    /// A server that issues tokens and drops the connection of data call n (1-based) without an answer when
    /// <paramref name="drop"/> says so, else answers <see cref="Ok"/>: the lost answer WireMock.Net 1.x cannot play.
    /// <paramref name="calls"/> counts the data calls.
    /// </summary>
    public static Task<LoopbackServer> StartDroppingAsync(Func<int, bool> drop, StrongBox<int> calls) =>
        LoopbackServer.StartAsync(context =>
        {
            if (context.Request.Path == TokenPath)
            {
                return context.Response.WriteAsync("""{"errorCode":0,"accessToken":"token-1","expiresIn":7200,"ea":"ea-1"}""");
            }

            if (drop(Interlocked.Increment(ref calls.Value)))
            {
                context.Abort();
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync(Ok);
        });
}
