using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Sandbox.Faults;
using IntegrationHub.Sandbox.Fxiaoke;

namespace IntegrationHub.Sandbox.Tests;

/// <summary>Raw HTTP calls to a Fxiaoke sandbox (no connector), so the tests see exactly what the sandbox answers.</summary>
internal static class SandboxCalls
{
    public static HttpClient Admin(FxiaokeSandbox sandbox, string? key = null)
    {
        var client = new HttpClient { BaseAddress = sandbox.BaseUrl };
        client.DefaultRequestHeaders.Add(SandboxFaults.AdminKeyHeader, key ?? sandbox.Faults.AdminKey);
        return client;
    }

    public static Task<HttpResponseMessage> TokenAsync(HttpClient client, FxiaokeSandbox sandbox) =>
        client.PostAsJsonAsync("oauth2.0/token", new
        {
            appId = sandbox.Credentials.AppId,
            appSecret = sandbox.Credentials.AppSecret,
            permanentCode = sandbox.Credentials.PermanentCode,
            grantType = "app_secret",
        });

    public static async Task<string> TokenValueAsync(HttpClient client, FxiaokeSandbox sandbox)
    {
        using var response = await TokenAsync(client, sandbox);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["accessToken"]!.GetValue<string>();
    }

    public static async Task<JsonObject> QueryAsync(HttpClient client, FxiaokeSandbox sandbox, string token, string api, int limit = 100, int offset = 0)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"cgi/crm/v2/data/query?thirdTraceId={Guid.NewGuid()}")
        {
            Content = JsonContent.Create(new { data = new { dataObjectApiName = api, search_query_info = new { limit, offset, filters = Array.Empty<object>(), orders = Array.Empty<object>() } } }),
        };
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add("x-fs-ea", sandbox.Credentials.Ea);
        request.Headers.Add("x-fs-userid", sandbox.Credentials.OperatorUserId);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
