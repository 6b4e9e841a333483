using System.Net;
using Microsoft.Playwright;

namespace IntegrationHub.IntegrationTests.WebConsole;

/// <summary>Signing in to the console in a real browser: a key becomes a cookie the page script cannot read; a wrong key is refused.</summary>
public sealed class ConsoleSignInTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
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
}
