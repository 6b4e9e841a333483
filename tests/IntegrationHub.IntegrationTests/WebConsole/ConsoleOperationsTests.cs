using System.Text;
using System.Text.RegularExpressions;
using IntegrationHub.Connectors.Fxiaoke;
using IntegrationHub.IntegrationTests.Orders;
using IntegrationHub.Sandbox.Erp;
using IntegrationHub.Sandbox.Faults;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace IntegrationHub.IntegrationTests.WebConsole;

/// <summary>
/// What a person does in the console, in Chromium against the real hub (order flow, Kafka, SQLite, CRM sandbox): watch a
/// flow's counters move while the ERP pushes, retry an order's faulted instance, replay its dead letter; each time
/// the order then reaches the CRM.
/// </summary>
public sealed class ConsoleOperationsTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private const string Flow = "erp-orders-to-crm";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);
    private HubTestHost _hub = null!;

    public async Task InitializeAsync() => _hub = await HubTestHost.StartAsync(new Dictionary<string, string?>
    {
        ["Kafka:MaxAttempts"] = "1", // a record whose instance faults goes to the dead-letter topic at once
        ["Connectors:Fxiaoke:CircuitBreaker:BreakDuration"] = "00:00:01",
        ["Connectors:Fxiaoke:Retry:BaseDelay"] = "00:00:00.050", // a CRM outage fails an order in well under a second
        ["Hub:Console:RefreshInterval"] = "00:00:00.5",
    });

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task TheOverview_CountsAFlowsOrders_LiveWhileTheDemoErpPushes_WithoutAReload()
    {
        var page = await ConsolePages.SignedInAsync(chromium, _hub);
        await ConsolePages.InteractiveAsync(page);
        var started = page.GetByTestId($"flow-started-{Flow}");
        var before = int.Parse(await started.InnerTextAsync());
        await page.EvaluateAsync("() => window.__sameDocument = true");

        // The demo ERP of the dev environment (the sandbox's order generator), pushing to this hub at 5 orders a second.
        var erp = DemoErp(_hub);
        await erp.StartAsync(CancellationToken.None);
        try
        {
            var seen = new List<int>();
            await Eventually.Await(async () =>
            {
                seen.Add(int.Parse(await started.InnerTextAsync()));
                return seen;
            }, s => s.Distinct().Count(v => v > before) >= 3, TimeSpan.FromSeconds(45), "the counter moves at least three times while the ERP pushes");
        }
        finally
        {
            await erp.StopAsync(CancellationToken.None);
        }

        Assert.True(erp.Stats.Accepted > 0, $"the demo ERP pushed nothing accepted: {erp.Stats}");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        await Assertions.Expect(page.GetByTestId("instances-Finished")).Not.ToHaveTextAsync("0", new() { Timeout = 30_000 }); // sampled
        await Assertions.Expect(page.GetByTestId("circuit-fxiaoke")).ToContainTextAsync("Healthy", new() { Timeout = 30_000 }); // checked in the background
        await ConsolePages.ScreenshotAsync(page, "overview");

        await ConsolePages.OpenAsync(page, $"/console/workflows/{Flow}");
        await Assertions.Expect(page.GetByTestId("flowchart").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("flowchart").First.Locator("text.box-id")).ToContainTextAsync(["start", "remember", "find-account", "upsert"]);
        await ConsolePages.ScreenshotAsync(page, "workflows");

        await ConsolePages.OpenAsync(page, "/console/connectors");
        await Assertions.Expect(page.GetByTestId("connector-calls-fxiaoke")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[1-9]\d*, \d+ failed")); // any count of calls but zero (a plain "0, 0 failed" substring also matched "100, 0 failed")
        await ConsolePages.ScreenshotAsync(page, "connectors");
    }

    [Fact]
    public async Task AFaultedInstance_IsFoundOpenedAndRetried_ThenItsOrderReachesTheCrm()
    {
        var (_, instanceId) = await FailOneOrderAsync("SO-RETRY-1");
        var page = await ConsolePages.SignedInAsync(chromium, _hub);

        await ConsolePages.OpenAsync(page, $"/console/instances?flow={Flow}&status=Faulted");
        await ConsolePages.ScreenshotAsync(page, "instances");
        await page.GetByRole(AriaRole.Link, new() { Name = instanceId.ToString() }).ClickAsync();
        await ConsolePages.InteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("incident")).ToContainTextAsync("Incident");
        await Assertions.Expect(page.GetByTestId("instance-status")).ToContainTextAsync("Faulted");
        await ConsolePages.ScreenshotAsync(page, "instance-faulted");
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry from the failed activity" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("instance-status")).ToContainTextAsync("Finished", new() { Timeout = 30_000 });
        Assert.Single(CrmOrders("SO-RETRY-1"));
        await Assertions.Expect(page.GetByTestId("incident")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ADeadLetter_IsInspectedAndReplayed_ThenItsOrderReachesTheCrm_AndTheEntryIsResolved()
    {
        var (entryId, _) = await FailOneOrderAsync("SO-REPLAY-1");
        var page = await ConsolePages.SignedInAsync(chromium, _hub);

        await ConsolePages.OpenAsync(page, $"/console/dead-letters?flow={Flow}");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Inspect dead letter {entryId}" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("detail-payload")).ToContainTextAsync("SO-REPLAY-1");
        await Assertions.Expect(page.GetByTestId("detail-status")).ToHaveTextAsync("open");
        await ConsolePages.ScreenshotAsync(page, "dead-letters");
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay", Exact = true }).ClickAsync();

        await Eventually.Await(() => Task.FromResult(CrmOrders("SO-REPLAY-1").Count), n => n == 1, Wait, "the replayed order reaches the CRM");
        // The entry leaves the open ones once its handled copy resolves it: the page filtered by status resolved lists it.
        // Each look opens the page afresh, so a look before the entry resolved does not fail the test.
        var status = await Eventually.Await<string>(async () =>
        {
            await ConsolePages.OpenAsync(page, $"/console/dead-letters?flow={Flow}&status=resolved");
            var inspect = page.GetByRole(AriaRole.Button, new() { Name = $"Inspect dead letter {entryId}" });
            if (await inspect.CountAsync() == 0)
            {
                return "not listed as resolved";
            }

            await inspect.ClickAsync();
            return await page.GetByTestId("detail-status").InnerTextAsync();
        }, s => s == "resolved", Wait, "the entry resolved by its handled copy");
        Assert.Equal("resolved", status);
    }

    private static ErpOrderGenerator DemoErp(HubTestHost hub)
    {
        var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var target = new OrderGeneratorTarget();
        target.Set(hub.Http.BaseAddress!, HubTestHost.ApiKey);
        return new ErpOrderGenerator(Options.Create(new OrderGeneratorOptions { OrdersPerSecond = 5, DuplicateRate = 0 }), target,
            services.GetRequiredService<IHttpClientFactory>(), TimeProvider.System, NullLogger<ErpOrderGenerator>.Instance);
    }

    /// <summary>With the CRM answering 503, pushes an order and waits for its dead letter; then the CRM recovers.</summary>
    private async Task<(long EntryId, Guid InstanceId)> FailOneOrderAsync(string number)
    {
        var crm = _hub.Sandboxes.Systems.Single(s => s.System == "fxiaoke");
        crm.Faults.Apply(new FaultProfile { ErrorRate = 1, ErrorStatus = 503 });
        try
        {
            using var pushed = await _hub.PushAsync(SampleOrders.Json(number), "fail-" + number);
            var store = _hub.App.Services.GetRequiredService<IDeadLetterStore>();
            var entry = await Eventually.Await<DeadLetterEntry?>(
                async () => (await store.ListAsync(new DeadLetterQuery(Flow: Flow), 0, 100)).FirstOrDefault(e => Encoding.UTF8.GetString(e.Payload).Contains(number, StringComparison.Ordinal)),
                e => e is not null, Wait, $"{number} dead-lettered");
            return (entry!.Id, entry.InstanceId ?? throw new InvalidOperationException("the dead letter names no instance"));
        }
        finally
        {
            crm.Faults.Clear();
            await Task.Delay(TimeSpan.FromSeconds(1.2)); // the circuit's break ends
        }
    }

    private List<string> CrmOrders(string number) =>
        [.. _hub.Crm.Records.All(FxiaokeFields.SalesOrderObject).Select(o => o[FxiaokeFields.ErpOrderNo]!.GetValue<string>()).Where(n => n == number)];
}
