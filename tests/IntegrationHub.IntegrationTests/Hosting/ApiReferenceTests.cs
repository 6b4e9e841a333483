using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace IntegrationHub.IntegrationTests.Hosting;

/// <summary>
/// The interactive API reference (Scalar) at <c>/reference</c>: for key holders with <c>api-docs:read</c>, opened by a
/// browser with HTTP Basic (client id and key, which only the reference and the document ask for), and served entirely
/// by the hub (no CDN, no outside fonts), so it works without internet.
/// </summary>
public sealed partial class ApiReferenceTests : IAsyncLifetime
{
    private const string DocsKey = "docs-key-0123456789abcdef";
    private const string OrdersKey = "orders-key-0123456789abcdef";

    private HubTestHost _hub = null!;

    public async Task InitializeAsync() => _hub = await HubTestHost.StartAsync(new Dictionary<string, string?>
    {
        ["Hub:Clients:docs:Key"] = DocsKey,
        ["Hub:Clients:docs:Scopes"] = "api-docs:read",
        ["Hub:Clients:orders:Key"] = OrdersKey,
        ["Hub:Clients:orders:Scopes"] = "orders:read",
    });

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Reference_ABrowserIsAskedToSignIn_ThenGetsThePageItsScriptsAndTheDocument_AllFromTheHub()
    {
        using var anonymous = Client(null);
        using var challenged = await anonymous.GetAsync("reference");
        using var documentChallenged = await anonymous.GetAsync("openapi/v1.json");
        using var apiChallenged = await anonymous.GetAsync("api/v1/system");
        using var browser = Client(Basic("docs", DocsKey));

        using var page = await browser.GetAsync("reference/"); // "reference" redirects here; HttpClient drops credentials on redirects, browsers resend them
        var html = await page.Content.ReadAsStringAsync();
        using var document = await browser.GetAsync("openapi/v1.json");

        Assert.Equal(HttpStatusCode.Unauthorized, challenged.StatusCode);
        Assert.Contains(challenged.Headers.WwwAuthenticate, h => h.Scheme == "Basic" && h.Parameter!.Contains("realm=\"IntegrationHub API\"", StringComparison.Ordinal));
        Assert.Contains(documentChallenged.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
        Assert.DoesNotContain(apiChallenged.Headers.WwwAuthenticate, h => h.Scheme == "Basic"); // API clients are not asked for a password
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal); // resolved against the site root by Scalar's loader
        Assert.DoesNotMatch(@"https?://(?!127\.0\.0\.1|localhost)", html); // nothing from outside: no CDN, no font host
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            using var response = await browser.GetAsync(new Uri(page.RequestMessage!.RequestUri!, script));
            Assert.True(response.IsSuccessStatusCode, $"{script}: {response.StatusCode}");
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 1000, $"{script} is the script itself");
        }

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.StartsWith("{", (await document.Content.ReadAsStringAsync()).TrimStart(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docs", "wrong-key-0123456789abcdef", HttpStatusCode.Unauthorized)]
    [InlineData("orders", DocsKey, HttpStatusCode.Unauthorized)] // the key is another client's
    [InlineData("orders", OrdersKey, HttpStatusCode.Forbidden)] // a real client without api-docs:read
    [InlineData(null, null, HttpStatusCode.Unauthorized)] // not base64
    public async Task Reference_BadBasicCredentials_AreRefusedWithProblemJson(string? user, string? key, HttpStatusCode expected)
    {
        using var browser = Client(user is null ? new AuthenticationHeaderValue("Basic", "%%%not-base64%%%") : Basic(user, key!));

        using var page = await browser.GetAsync("reference");

        Assert.Equal(expected, page.StatusCode);
        Assert.Equal("application/problem+json", page.Content.Headers.ContentType?.MediaType);
    }

    private HttpClient Client(AuthenticationHeaderValue? authorization)
    {
        var client = new HttpClient { BaseAddress = _hub.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = authorization;
        return client;
    }

    private static AuthenticationHeaderValue Basic(string user, string key) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{key}")));

    [GeneratedRegex("<script[^>]+src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
