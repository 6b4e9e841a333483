using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IntegrationHub.Host.Security;
using IntegrationHub.Host.WebConsole;
using IntegrationHub.IntegrationTests.Orders;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace IntegrationHub.IntegrationTests.Security;

/// <summary>Per-client authorization: scopes on every endpoint, orders visible to the client that pushed them.</summary>
public sealed partial class ScopeTests : IAsyncLifetime
{
    private const string ErpA = "erp-a-key-0123456789abcdef";
    private const string ErpB = "erp-b-key-0123456789abcdef";
    private const string Reader = "reader-key-0123456789abcdef";
    private HubTestHost _hub = null!;

    public async Task InitializeAsync() => _hub = await HubTestHost.StartAsync(new Dictionary<string, string?>
    {
        ["Hub:Clients:erp-a:Key"] = ErpA,
        ["Hub:Clients:erp-a:Scopes"] = "orders:write orders:read",
        ["Hub:Clients:erp-b:Key"] = ErpB,
        ["Hub:Clients:erp-b:Scopes"] = "orders:write,orders:read",
        ["Hub:Clients:reader:Key"] = Reader,
        ["Hub:Clients:reader:Scopes"] = "workflows:read",
    });

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public void RouteTable_EveryEndpointDeclaresItsScope_AndTheReadmeTableNamesTheSame()
    {
        var readme = ReadmeScopes();
        var endpoints = ((IEndpointRouteBuilder)_hub.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();

        Assert.True(endpoints.Count >= 14, $"only {endpoints.Count} endpoints found");
        var consoleRoutes = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var method = string.Join(",", endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]);
            var route = method + " " + ConstraintPattern().Replace(endpoint.RoutePattern.RawText!, "}");
            if (endpoint.Metadata.GetMetadata<ConsoleEndpoint>() is not null)
            {
                // The console (and the designer's page): its sign-in page is open; every other page, its circuit and sign-out need its sign-in cookie.
                var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
                Assert.True(endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null ? route.EndsWith(" /console/sign-in", StringComparison.Ordinal) : policies.Contains(ConsoleSetup.Policy),
                    $"{route} is a console endpoint without the console's sign-in ({string.Join(",", policies)}).");
                consoleRoutes.Add(route);
                continue;
            }

            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                // Health, the API reference's static script and icon (public library code; the page itself needs a key), / (a redirect to the
                // console), and the designer's settings for Elsa Studio (the API's address only; the page itself needs the console's sign-in).
                Assert.Matches(@"^GET (/health/\w+|/reference/[\w.]+\.(js|svg)|/|/designer/appsettings\.json)$", route);
                continue;
            }

            if (endpoint.Metadata.GetMetadata<IAuthorizeData>() is null
                && (StaticFile().IsMatch(route) || endpoint.DisplayName == "Fallback {**path:file}")) // static web assets added after the build (file paths only)
            {
                // The console's static files (its stylesheet, MudBlazor's and Blazor's scripts): public library code, no data.
                continue;
            }

            var scope = endpoint.Metadata.GetMetadata<RequiredScope>();
            Assert.True(scope is not null, $"{route} declares no scope (add .RequireScope(...)).");
            Assert.True(readme.TryGetValue(route, out var documented), $"{route} is missing from the README's HTTP API table.");
            Assert.StartsWith($"`{scope!.Scope}`", documented);
        }

        // The pages and the circuit (its negotiate and connection endpoints) all came through the console's check.
        Assert.Contains(consoleRoutes, r => r.EndsWith(" /console", StringComparison.Ordinal));
        Assert.Contains(consoleRoutes, r => r.EndsWith(" /console/dead-letters", StringComparison.Ordinal));
        Assert.Contains(consoleRoutes, r => r.Contains("/_blazor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClient_SeesOnlyTheOrdersItPushed_AndAdminSeesAll()
    {
        using var a = Client(ErpA);
        using var b = Client(ErpB);
        using var push = await a.SendAsync(Push(SampleOrders.Json("SO-SCOPE-A"), "scope-a-1"));
        Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
        var statusUrl = (await push.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusUrl").GetString()!.TrimStart('/');

        using var own = await a.GetAsync(statusUrl);
        using var other = await b.GetAsync(statusUrl);
        using var admin = await _hub.Http.GetAsync(statusUrl);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Theory]
    [InlineData(ErpA, "GET", "api/v1/system", "admin")]
    [InlineData(ErpA, "GET", "api/v1/workflow-instances", "workflows:read")]
    [InlineData(ErpA, "POST", "api/v1/workflow-instances/00000000-0000-0000-0000-000000000001/retry", "workflows:admin")]
    [InlineData(ErpA, "POST", "api/v1/workflow-instances/00000000-0000-0000-0000-000000000001/cancel", "workflows:admin")]
    [InlineData(ErpA, "GET", "api/v1/connectors", "connectors:read")]
    [InlineData(ErpA, "POST", "api/v1/events/anything", "events:write")]
    [InlineData(Reader, "POST", "api/v1/workflows/erp-orders-to-crm/run", "workflows:run")]
    [InlineData(Reader, "POST", "api/v1/orders", "orders:write")]
    [InlineData(Reader, "GET", "api/v1/orders/00000000-0000-0000-0000-000000000001", "orders:read")]
    public async Task AKeyWithoutTheScope_Is403NamingTheScope(string key, string method, string path, string scope)
    {
        using var client = Client(key);
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Json("{}") : null });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"'{scope}'", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AKeyWithTheScope_IsServed()
    {
        using var reader = Client(Reader);

        using var workflows = await reader.GetAsync("api/v1/workflows");

        Assert.Equal(HttpStatusCode.OK, workflows.StatusCode);
    }

    private HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = _hub.Http.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static HttpRequestMessage Push(string json, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/orders") { Content = Json(json) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>"METHOD /path" -> the scope cell, from the README's HTTP API table (query parts dropped).</summary>
    private static Dictionary<string, string> ReadmeScopes()
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(Repository.Root, "README.md")))
        {
            var match = ReadmeRow().Match(line);
            if (match.Success)
            {
                rows[match.Groups["route"].Value] = match.Groups["scope"].Value;
            }
        }

        return rows;
    }

    [GeneratedRegex(@":[a-z]+\}")]
    private static partial Regex ConstraintPattern();

    [GeneratedRegex(@"^\| `(?<route>(GET|POST|PUT|DELETE|PATCH) /(api/v1/|openapi/|reference/|metrics|elsa/api/)[^`\[]*)(\[[^`]*\])?` \| (?<scope>[^|]+) \|")]
    private static partial Regex ReadmeRow();

    [GeneratedRegex(@"^GET(,HEAD)? /?(_framework|_content)/[^ ]+\.(js|css|map|woff2?|gz|br)$|^GET(,HEAD)? /?console/[^/ ]+\.(css|js|png|svg|ico)(\.gz|\.br)?$")]
    private static partial Regex StaticFile();
}
