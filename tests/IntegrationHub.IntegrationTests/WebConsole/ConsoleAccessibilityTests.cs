using Microsoft.Playwright;

namespace IntegrationHub.IntegrationTests.WebConsole;

/// <summary>The console by keyboard and screen reader: every control has a name, and Tab reaches the pages and sign-out.</summary>
public sealed class ConsoleAccessibilityTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private const string UnnamedControls = """
        () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href], [role=button]')]
          .filter(e => e.offsetParent !== null)
          .filter(e => !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.getAttribute('title')
                        || (e.textContent || '').trim() || e.closest('label')))
          .map(e => e.outerHTML.slice(0, 120))
        """;

    private HubTestHost _hub = null!;

    public async Task InitializeAsync() => _hub = await HubTestHost.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task OnEveryPage_EveryControlHasAName_AndNothingLoadsFromOutside()
    {
        var page = await ConsolePages.SignedInAsync(chromium, _hub); // one session for every page: a sign-in each would only add time
        var hosts = new System.Collections.Concurrent.ConcurrentBag<string>();
        page.Request += (_, request) => hosts.Add(new Uri(request.Url).Authority);
        foreach (var path in new[] { "/console", "/console/workflows/erp-orders-to-crm", "/console/instances", "/console/dead-letters", "/console/quarantine", "/console/connectors", "/console/customers" })
        {
            await ConsolePages.OpenAsync(page, path);
            await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).WaitForAsync();
            Assert.True((await page.EvaluateAsync<string[]>(UnnamedControls)) is { Length: 0 } unnamed, $"{path}: controls without a name: {string.Join(" ", await page.EvaluateAsync<string[]>(UnnamedControls))}");
        }

        Assert.NotEmpty(hosts);
        Assert.All(hosts, host => Assert.Equal(_hub.Http.BaseAddress!.Authority, host)); // no CDN, no web font: works offline
    }

    [Fact]
    public async Task Tab_ReachesSignOut_AndEveryPageOfTheMenu_AndEnterOpensOne()
    {
        var page = await ConsolePages.SignedInAsync(chromium, _hub);
        await ConsolePages.InteractiveAsync(page);
        var reached = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached.Add(await page.EvaluateAsync<string>("() => (document.activeElement?.innerText || document.activeElement?.getAttribute('aria-label') || '').trim()"));
        }

        Assert.Contains(reached, r => r.Equals("Sign out", StringComparison.OrdinalIgnoreCase));
        foreach (var menu in new[] { "Overview", "Workflows", "Instances", "Dead letters", "Quarantine", "Connectors", "Customers" })
        {
            Assert.Contains(menu, reached);
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Dead letters" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Dead letters", Level = 1 }).WaitForAsync();
    }
}
