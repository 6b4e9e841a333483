using Microsoft.Playwright;

namespace IntegrationHub.IntegrationTests.WebConsole;

/// <summary>Steps the console tests share.</summary>
internal static class ConsolePages
{
    /// <summary>Signs in through the sign-in form and waits for the overview's heading.</summary>
    public static async Task<IPage> SignedInAsync(Chromium chromium, HubTestHost hub, string key = HubTestHost.ApiKey)
    {
        var page = await chromium.NewPageAsync(hub.Http.BaseAddress!);
        await page.GotoAsync("/console/sign-in");
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Overview" }).WaitForAsync();
        return page;
    }

    /// <summary>Waits until the page's interactive circuit is up (Blazor has started), so clicks reach the server.</summary>
    public static Task InteractiveAsync(IPage page) => page.Locator("main[data-interactive=true]").WaitForAsync();

    /// <summary>Opens <paramref name="path"/> and waits until it is interactive.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await InteractiveAsync(page);
    }

    /// <summary>
    /// With <c>HUB_CONSOLE_SCREENSHOTS</c> naming a folder (the repository's <c>docs/console</c>), saves the page there as
    /// <paramref name="name"/>.png; otherwise does nothing. How the README's screenshots are made.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("HUB_CONSOLE_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.WaitForTimeoutAsync(600); // charts finish drawing
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
