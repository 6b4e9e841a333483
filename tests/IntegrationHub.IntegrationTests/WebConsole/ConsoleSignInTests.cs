using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace IntegrationHub.IntegrationTests.WebConsole;

/// <summary>Signing in to the console in a real browser: a key becomes a cookie the page script cannot read; a wrong key is refused.</summary>
public sealed partial class ConsoleSignInTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private HubTestHost _hub = null!;

    public async Task InitializeAsync() => _hub = await HubTestHost.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task SigningIn_WithAKey_OpensTheOverview_WithAnHttpOnlyStrictCookie_AndNoKeyInTheBrowser()
    {
        var page = await chromium.NewPageAsync(_hub.Http.BaseAddress!);
        await page.GotoAsync("/console");
        Assert.Contains("/console/sign-in", page.Url); // not signed in: sent to the sign-in page
        await ConsolePages.ScreenshotAsync(page, "sign-in");

        await page.GetByLabel("API key").FillAsync(HubTestHost.ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.GetByRole(AriaRole.Heading, new() { Name = "Overview" }).WaitForAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToContainTextAsync("erp-test");
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "hub-console");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(HubTestHost.ApiKey, page.Url);
        Assert.Equal("", await page.EvaluateAsync<string>("() => document.cookie + JSON.stringify(localStorage) .replace('{}', '') + JSON.stringify(sessionStorage).replace('{}', '')"));
    }

    [Fact]
    public async Task AWrongKey_IsRefused_AndTheConsoleStaysClosed()
    {
        var page = await chromium.NewPageAsync(_hub.Http.BaseAddress!);
        await page.GotoAsync("/console/sign-in");
        await page.GetByLabel("API key").FillAsync("not-a-key-of-this-hub");
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(), r => r.Url.Contains("/console/sign-in") && r.Request.Method == "POST");

        Assert.Equal((int)HttpStatusCode.Unauthorized, answer.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not valid");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "hub-console");
        await page.GotoAsync("/console");
        Assert.Contains("/console/sign-in", page.Url);
    }

    [Fact]
    public async Task TheCookie_OpensTheConsoleOnly_NotTheApi_AndSignInLeadsOnlyToConsolePages()
    {
        using var browser = Browser(out var cookies);
        var signedIn = await SignInAsync(browser, "https://evil.example/console");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/console", signedIn.Headers.Location!.AbsolutePath); // never another site
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("console/dead-letters")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("api/v1/system")).StatusCode); // the API takes keys, not the cookie
        Assert.Contains(cookies.GetCookies(browser.BaseAddress!), c => c.Name == "hub-console");
    }

    [Fact]
    public async Task WithoutTheCookie_PagesLeadToSignIn_TheCircuitIs401_AndSignOutNeedsItsToken()
    {
        using var stranger = Browser(out _);
        using var page = await stranger.GetAsync("console/instances");
        using var circuit = await stranger.PostAsync("_blazor/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/console/sign-in?returnUrl=", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, circuit.StatusCode);

        using var browser = Browser(out var cookies);
        await SignInAsync(browser, null);
        using var forged = await browser.PostAsync("console/sign-out", new FormUrlEncodedContent([])); // no antiforgery token: another site's form
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("console")).StatusCode);

        var token = Token(await browser.GetStringAsync("console"));
        using var signOut = await browser.PostAsync("console/sign-out", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("console")).StatusCode);
    }

    [Fact]
    public async Task ASession_EndsWhenItsKeyIsNoLongerConfigured_AndHasTheScopesItsKeyHasNow()
    {
        // Two hubs, one after the other, on one store (and so one key ring for cookies): the second is configured anew.
        const string kept = "kept-key-0123456789abcdef", removed = "removed-key-0123456789abcdef";
        using var dir = new IntegrationHub.Testing.TempDirectory();
        var store = dir.File("hub.db");
        string keptCookie, removedCookie;
        await using (var first = await HubTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Store:SqlitePath"] = store,
            ["Hub:Clients:kept:Key"] = kept, ["Hub:Clients:kept:Scopes"] = "admin",
            ["Hub:Clients:removed:Key"] = removed, ["Hub:Clients:removed:Scopes"] = "admin",
        }))
        {
            keptCookie = await CookieAsync(first, kept);
            removedCookie = await CookieAsync(first, removed);
        }

        await using var second = await HubTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Store:SqlitePath"] = store,
            ["Hub:Clients:kept:Key"] = kept, ["Hub:Clients:kept:Scopes"] = "connectors:read", // narrower now
        });
        using var plain = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = second.Http.BaseAddress };

        using var gone = await plain.SendAsync(WithCookie("console", removedCookie));
        using var narrower = await plain.SendAsync(WithCookie("console/dead-letters", keptCookie));
        Assert.Equal(HttpStatusCode.Redirect, gone.StatusCode);
        Assert.StartsWith("/console/sign-in", gone.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, narrower.StatusCode);
        Assert.Contains("needs the scope &#x27;dead-letters:read&#x27;", await narrower.Content.ReadAsStringAsync());
    }

    private static async Task<string> CookieAsync(HubTestHost hub, string key)
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = hub.Http.BaseAddress };
        await SignInAsync(browser, null, key);
        return cookies.GetCookies(hub.Http.BaseAddress!)["hub-console"]!.Value;
    }

    private static HttpRequestMessage WithCookie(string path, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", "hub-console=" + cookie);
        return request;
    }

    private HttpClient Browser(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = _hub.Http.BaseAddress };
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string? returnUrl, string key = HubTestHost.ApiKey)
    {
        var token = Token(await browser.GetStringAsync("console/sign-in"));
        var response = await browser.PostAsync("console/sign-in" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)), new FormUrlEncodedContent(
        [
            new("_handler", "sign-in"), new("__RequestVerificationToken", token), new("Form.ApiKey", key),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    private static string Token(string html) => AntiforgeryField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("no antiforgery token on the page");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
