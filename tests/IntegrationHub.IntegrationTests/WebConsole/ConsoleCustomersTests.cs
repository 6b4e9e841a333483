using System.Text.Json;
using IntegrationHub.Connectors;
using IntegrationHub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace IntegrationHub.IntegrationTests.WebConsole;

/// <summary>The data pages: scored customers by tier and stage with one customer's card, and quarantined records with their reasons.</summary>
public sealed class ConsoleCustomersTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private HubTestHost _hub = null!;

    // A flow that reads CRM accounts and checks them (run by hand only), so a record it quarantined can be replayed through it.
    private const string CheckFlow = """
        definitionId: crm-customers
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: accounts, type: json }
          - { name: customers, type: json }
        root:
          type: Flowchart
          activities:
            - id: read
              type: Connector.ReadChanges
              system: fxiaoke
              entity: customer
              per: page
              variable: accounts
              maxPages: 1
              activities:
                - { id: normalize, type: Customer.Normalize, record: "${ accounts }", variable: customers }
        """;

    public async Task InitializeAsync() => _hub = await HubTestHost.StartAsync(workflows: new Dictionary<string, string> { ["crm-customers.yaml"] = CheckFlow });

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task AScoredCustomer_IsListedUnderItsTier_AndItsCardShowsTierStageAndLifetimeValue()
    {
        var gold = Guid.CreateVersion7();
        var other = Guid.CreateVersion7();
        var store = _hub.App.Services.GetRequiredService<ICustomerValueStore>();
        await store.SaveAsync([(Value(gold, "high-value", "active", 48210.5m), null), (Value(other, "low", "dormant", 120m), null)]);

        var page = await ConsolePages.SignedInAsync(chromium, _hub);
        await ConsolePages.OpenAsync(page, "/console/customers");
        await page.GetByText("high-value: 1").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = gold.ToString() })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = other.ToString() })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = gold.ToString() }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("customer-tier")).ToHaveTextAsync("high-value");
        await Assertions.Expect(page.GetByTestId("customer-stage")).ToHaveTextAsync("active");
        await Assertions.Expect(page.GetByText("48,210.50 CNY")).ToBeVisibleAsync();
        await ConsolePages.ScreenshotAsync(page, "customer");

        await ConsolePages.OpenAsync(page, "/console/customers");
        await page.GetByLabel("Hub id of a customer").FillAsync("not-a-guid");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("GUID");
    }

    [Fact]
    public async Task AQuarantinedRecord_IsListedWithItsReason_FilteredByTime_InspectedWithItsPayload_ReplayedThroughItsFlow_AndDiscarded()
    {
        var quarantine = _hub.App.Services.GetRequiredService<IQuarantineStore>();
        var record = new CanonicalRecord("fxiaoke", CanonicalEntity.Customer, "acct-typo-7", 3,
            JsonDocument.Parse("""{"name":"Lotus Valves","phone":"1380013800"}""").RootElement);
        await quarantine.QuarantineAsync("crm-customers", record, new Dictionary<string, string> { ["phone"] = "not a valid phone number for CN" }, DateTimeOffset.UtcNow);
        var old = record with { ExternalId = "acct-old-1" };
        await quarantine.QuarantineAsync("crm-customers", old, new Dictionary<string, string> { ["name"] = "is required" }, DateTimeOffset.UtcNow.AddDays(-3));

        var page = await ConsolePages.SignedInAsync(chromium, _hub);
        await ConsolePages.OpenAsync(page, "/console/quarantine");
        await Assertions.Expect(page.GetByText("phone: not a valid phone number for CN")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("acct-old-1")).ToBeVisibleAsync();
        await page.GetByLabel("Last refused within").ClickAsync(); // the record refused three days ago leaves the list
        await page.GetByRole(AriaRole.Option, new() { Name = "the last day" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Last refused within")).ToContainTextAsync("the last day"); // the choice reached the page before it searches
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.GetByText("acct-old-1")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("phone: not a valid phone number for CN")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Inspect quarantined record" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region)).ToContainTextAsync("1380013800");
        await Assertions.Expect(page.GetByRole(AriaRole.Region)).ToContainTextAsync("acct-typo-7");
        await ConsolePages.ScreenshotAsync(page, "quarantine");

        // Replayed through its flow: the flow's check still refuses the phone, so it stays open with one more refusal.
        var region = page.GetByRole(AriaRole.Region);
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay through crm-customers" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Replayed 1: 0 released, 1 still quarantined")).ToBeVisibleAsync();
        await Assertions.Expect(region).ToContainTextAsync("refused 2 times");
        await Assertions.Expect(region).ToContainTextAsync("once, last");

        // Given up with a reason: gone from the open list, shown with who and why among the closed ones.
        await page.GetByLabel("Reason for discarding").FillAsync("a test account, not a customer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Discard" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("quarantine-status")).ToHaveTextAsync("discarded");
        await Assertions.Expect(region).ToContainTextAsync("by erp-test: a test account, not a customer");
        await Assertions.Expect(page.GetByText("No quarantined records match.")).ToBeVisibleAsync();
        var entry = (await quarantine.ListAsync(new QuarantineQuery("crm-customers", Status: null))).Single(e => e.Record.ExternalId == "acct-typo-7");
        Assert.Equal((QuarantineStatus.Discarded, 1, 2), (entry.Status, entry.Replays, entry.Times));
    }

    private static StoredCustomerValue Value(Guid hubId, string tier, string stage, decimal lifetime) => new(hubId, tier, stage, "h-" + hubId, $$$"""
        {"hubId":"{{{hubId}}}","asOf":"2026-12-01","currency":"CNY","tier":"{{{tier}}}","stage":"{{{stage}}}",
         "rfm":{"scores":"555","customerBase":2,"recency":{"score":5,"daysSinceLastOrder":3,"lastOrder":"2026-11-28","firstOrder":"2025-02-01"},
                "frequency":{"score":5,"ordersInWindow":14},"monetary":{"score":5,"netValueInWindow":9000,"ordersWithoutARate":0}},
         "lifetimeValue":{"value":{{{lifetime}}},"formula":"AOV x orders/year x lifespan x margin"},
         "payments":{"dsoDays":31,"onTimeShare":0.9,"openReceivables":0}}
        """, new DateOnly(2026, 12, 1), DateTimeOffset.Parse("2026-12-01T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
}
