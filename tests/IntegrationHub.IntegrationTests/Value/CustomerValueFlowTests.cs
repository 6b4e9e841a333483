using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors;
using IntegrationHub.Sandbox.Mailchimp;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Value;

/// <summary>
/// <c>customer-value.yaml</c> against the sandboxes: three customers with orders in the hub's store (as kingdee-orders and
/// erp-orders-to-crm leave them), each linked to a Kingdee number, a Fxiaoke account and a Mailchimp member. Scores by
/// hand (three customers: the quintile cuts are the values shown): P orders 5, 40, 100 and 200 days ago (1,000 each): R5 F5
/// M5, high-value, active; Q one order 10 days ago (200): R2 F4 M4, regular, new; R one order 400 days ago (500): R1 F1 M1,
/// low, churned; after R orders again today: R5 F4 M5, high-value, won-back.
/// </summary>
public sealed class CustomerValueFlowTests
{
    [Fact]
    public async Task Scores_ReachTheCrmMailchimpAndTheApi_ARecomputationWithNothingNewTouchesNothing_AndAComebackIsWonBack()
    {
        var topic = SharedKafka.UniqueName("hub.customer-value");
        var flow = File.ReadAllText(Path.Combine(Repository.Root, "workflows", "customer-value.yaml"))
            .Replace("interval: PT1M", "interval: PT24H", StringComparison.Ordinal)
            .Replace("topic: hub.customer-value", $"topic: {topic}", StringComparison.Ordinal);
        var everyone = flow.Replace("definitionId: customer-value", "definitionId: customer-value-all", StringComparison.Ordinal)
            .Replace("customers: changed", "customers: all", StringComparison.Ordinal);
        await using var hub = await HubTestHost.StartAsync(new Dictionary<string, string?> { ["Kafka:Topics:0"] = topic },
            new Dictionary<string, string> { ["customer-value.yaml"] = flow, ["customer-value-all.yaml"] = everyone });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var mailchimp = hub.Sandbox<MailchimpSandbox>("mailchimp");
        var p = await CustomerAsync(hub, "P", [(5, 1000m), (40, 1000m), (100, 1000m), (200, 1000m)]);
        var q = await CustomerAsync(hub, "Q", [(10, 200m)]);
        var r = await CustomerAsync(hub, "R", [(400, 500m)]);
        string Crm(Customer c) => hub.Crm.Records.Get("AccountObj", c.AccountId)!.ToJsonString();
        string Member(Customer c) => mailchimp.Members.Get(c.MemberHash)!.ToJsonString();
        IEnumerable<string> Tags(Customer c) => mailchimp.Members.Get(c.MemberHash)!["tags"]!.AsArray().Select(t => (string)t!["name"]!).Order();

        var firstRun = await hub.RunWorkflowAsync("customer-value", new { }); // the first run scores everyone
        Assert.True(firstRun.GetProperty("subStatus").GetString() == "Finished", firstRun.ToString());
        var events = await hub.CountRowsAsync("record_events");
        var account = hub.Crm.Records.Get("AccountObj", p.AccountId)!;
        Assert.True(account["value_tier__c"] is not null, firstRun.ToString());
        var before = (P: (Crm(p), Member(p)), Q: (Crm(q), Member(q)), R: (Crm(r), Member(r)));
        await Task.Delay(1100); // Mailchimp's last_changed has whole seconds: a touched member would show it
        await hub.RunWorkflowAsync("customer-value-all", new { }); // nothing new
        var eventsAfterQuietRun = await hub.CountRowsAsync("record_events");
        var quiet = (P: (Crm(p), Member(p)), Q: (Crm(q), Member(q)), R: (Crm(r), Member(r)));
        var cardBefore = await hub.GetJsonAsync($"api/v1/customers/{r.HubId}");

        await ObserveOrderAsync(hub, r, "R-back", today, 500m); // R comes back
        await hub.RunWorkflowAsync("customer-value", new { });
        var card = await hub.GetJsonAsync($"api/v1/customers/{r.HubId}");
        var highValue = await hub.GetJsonAsync("api/v1/customers?tier=high-value");
        var segments = await hub.GetJsonAsync("api/v1/customers/segments");

        Assert.Equal(("high-value", "active", "R5 F5 M5"), ((string?)account["value_tier__c"], (string?)account["lifecycle_stage__c"], (string?)account["rfm__c"]));
        Assert.Equal(3600.00m, (decimal)account["clv__c"]!); // 1,000 a order x 4 a year x 3 years x 0.30 (default settings)
        Assert.Equal(["stage:active", "tier:high-value"], Tags(p));
        Assert.Equal(["stage:new", "tier:regular"], Tags(q));
        Assert.Equal(3, events); // one hub.customer-value.changed each
        Assert.Equal(before, quiet); // nothing written to the CRM or Mailchimp
        Assert.Equal(events, eventsAfterQuietRun); // and no event
        Assert.Equal(("low", "churned"), (cardBefore.GetProperty("value").GetProperty("tier").GetString(), cardBefore.GetProperty("value").GetProperty("stage").GetString()));

        var value = card.GetProperty("value");
        Assert.Equal(("high-value", "won-back", "R5 F4 M5"), (value.GetProperty("tier").GetString(), value.GetProperty("stage").GetString(), value.GetProperty("rfm").GetProperty("scores").GetString()));
        Assert.Equal(0, value.GetProperty("rfm").GetProperty("recency").GetProperty("daysSinceLastOrder").GetInt32());
        Assert.StartsWith("CLV = average order value 500.00 CNY x 1 orders a year x 3 years", value.GetProperty("lifetimeValue").GetProperty("formula").GetString(), StringComparison.Ordinal);
        Assert.Equal(["stage:won-back", "tier:high-value"], Tags(r)); // tier:low and stage:churned removed
        Assert.Equal(("high-value", "won-back"), ((string?)hub.Crm.Records.Get("AccountObj", r.AccountId)!["value_tier__c"], (string?)hub.Crm.Records.Get("AccountObj", r.AccountId)!["lifecycle_stage__c"]));
        Assert.Equal((before.P, before.Q), (quiet.P, quiet.Q)); // P and Q were scored again, unchanged: untouched
        Assert.Equal((Crm(p), Member(p), Crm(q), Member(q)), (before.P.Item1, before.P.Item2, before.Q.Item1, before.Q.Item2));
        Assert.Equal(events + 1, await hub.CountRowsAsync("record_events"));
        Assert.Equal(new[] { p.HubId, r.HubId }.Order(), highValue.GetProperty("customers").EnumerateArray().Select(c => Guid.Parse(c.GetProperty("hubId").GetString()!)).Order());
        Assert.Equal(0, (await hub.FlowAsync("customer-value")).GetProperty("records").GetProperty("quarantined").GetInt32());
        Assert.Equal((3, 2, 1, 0), (segments.GetProperty("scored").GetInt32(), segments.GetProperty("tiers").GetProperty("high-value").GetInt32(),
            segments.GetProperty("tiers").GetProperty("regular").GetInt32(), segments.GetProperty("tiers").GetProperty("low").GetInt32()));
        Assert.Equal((1, 1, 1, 0), (segments.GetProperty("stages").GetProperty("new").GetInt32(), segments.GetProperty("stages").GetProperty("active").GetInt32(),
            segments.GetProperty("stages").GetProperty("won-back").GetInt32(), segments.GetProperty("stages").GetProperty("churned").GetInt32()));
    }

    [Fact]
    public async Task WhileAFirstSyncFillsTheHub_AGrowingBaseGetsFreshQuintiles_NotTheEmptyBasesOnes()
    {
        var topic = SharedKafka.UniqueName("hub.customer-value");
        var flow = File.ReadAllText(Path.Combine(Repository.Root, "workflows", "customer-value.yaml")).Replace("interval: PT1M", "interval: PT24H", StringComparison.Ordinal)
            .Replace("topic: hub.customer-value", $"topic: {topic}", StringComparison.Ordinal);
        await using var hub = await HubTestHost.StartAsync(new Dictionary<string, string?> { ["Kafka:Topics:0"] = topic }, new Dictionary<string, string> { ["customer-value.yaml"] = flow });
        await hub.RunWorkflowAsync("customer-value", new { }); // nothing synced yet: the breakpoints of an empty base

        var few = new List<Customer>();
        for (var i = 0; i < 5; i++)
        {
            few.Add(await CustomerAsync(hub, $"F{i}", [(3 + i, 100m * (i + 1))]));
        }

        await hub.RunWorkflowAsync("customer-value", new { }); // five newcomers: scored against the stored (empty) breakpoints
        var early = await hub.GetJsonAsync($"api/v1/customers/{few[0].HubId}");
        var many = new List<Customer>();
        for (var i = 0; i < 12; i++)
        {
            many.Add(await CustomerAsync(hub, $"M{i}", [(10 + i, 50m * (i + 1)), (40 + i, 70m)]));
        }

        await hub.RunWorkflowAsync("customer-value", new { }); // twelve more: over a tenth of the base plus ten, so a full run
        var later = await hub.GetJsonAsync($"api/v1/customers/{many[0].HubId}");

        Assert.Equal(0, early.GetProperty("value").GetProperty("rfm").GetProperty("customerBase").GetInt32());
        Assert.Equal(17, later.GetProperty("value").GetProperty("rfm").GetProperty("customerBase").GetInt32());
        Assert.Equal(17, (await hub.GetJsonAsync($"api/v1/customers/{few[0].HubId}")).GetProperty("value").GetProperty("rfm").GetProperty("customerBase").GetInt32());
    }

    [Fact]
    public async Task CustomersListing_PagesWithoutGapsOrDuplicates_AndRefusesUnknownFiltersAndTamperedTokens()
    {
        await using var hub = await HubTestHost.StartAsync();
        var store = hub.App.Services.GetRequiredService<ICustomerValueStore>();
        var ids = Enumerable.Range(0, 25).Select(_ => Guid.NewGuid()).ToList();
        await store.SaveAsync([.. ids.Select((id, i) => (new StoredCustomerValue(id, i % 2 == 0 ? "regular" : "low", "active", $"h{i}",
            JsonSerializer.Serialize(new { hubId = id, tier = i % 2 == 0 ? "regular" : "low" }), new DateOnly(2026, 12, 1), DateTimeOffset.UtcNow), (IntegrationHub.Messaging.OutgoingMessage?)null))]);

        var seen = new List<Guid>();
        var token = "";
        do
        {
            var page = await hub.GetJsonAsync($"api/v1/customers?tier=regular&pageSize=4{(token.Length > 0 ? "&pageToken=" + Uri.EscapeDataString(token) : "")}");
            seen.AddRange(page.GetProperty("customers").EnumerateArray().Select(c => Guid.Parse(c.GetProperty("hubId").GetString()!)));
            token = page.GetProperty("nextPageToken").GetString()!;
        }
        while (token.Length > 0);
        using var unknown = await hub.Http.GetAsync("api/v1/customers?segment=vip");
        using var badTier = await hub.Http.GetAsync("api/v1/customers?tier=gold");
        var first = await hub.GetJsonAsync("api/v1/customers?tier=regular&pageSize=4");
        var issued = first.GetProperty("nextPageToken").GetString()!;
        using var tampered = await hub.Http.GetAsync($"api/v1/customers?tier=regular&pageSize=4&pageToken={issued[..^2]}xy");
        using var otherFilters = await hub.Http.GetAsync($"api/v1/customers?tier=low&pageSize=4&pageToken={issued}");

        Assert.Equal(ids.Where((_, i) => i % 2 == 0).Order(), seen); // 13 of 25, in hub id order, each once
        Assert.All(new[] { unknown, badTier, tampered, otherFilters }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Contains("high-value, potential, regular, low", await badTier.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed record Customer(Guid HubId, string Number, string AccountId, string MemberHash);

    private static async Task<Customer> CustomerAsync(HubTestHost hub, string name, (int DaysAgo, decimal Net)[] orders)
    {
        var links = hub.App.Services.GetRequiredService<ICrossReferenceStore>();
        var hubId = Guid.NewGuid();
        var number = $"CUST-{name}-{hubId.ToString()[..6]}";
        var accountId = hub.Crm.Records.Create("AccountObj", new JsonObject { ["name"] = $"Customer {name}" }, null);
        var email = $"{name.ToLowerInvariant()}-{hubId.ToString()[..6]}@value.example.org";
        var hash = MailchimpMemberStore.Hash(email);
        hub.Sandbox<MailchimpSandbox>("mailchimp").Members.Upsert(hash, email, (_, _) => { });
        await links.LinkAsync(hubId, new RecordIdentity("kingdee", CanonicalEntity.Customer, number));
        await links.LinkAsync(hubId, new RecordIdentity("fxiaoke", CanonicalEntity.Customer, accountId));
        await links.LinkAsync(hubId, new RecordIdentity("mailchimp", CanonicalEntity.MarketingContact, hash));
        var customer = new Customer(hubId, number, accountId, hash);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var i = 0; i < orders.Length; i++)
        {
            await ObserveOrderAsync(hub, customer, $"{name}-{i}", today.AddDays(-orders[i].DaysAgo), orders[i].Net);
        }

        return customer;
    }

    /// <summary>An order as kingdee-orders stores it: net 'net' before 13 % VAT, one line.</summary>
    private static async Task ObserveOrderAsync(HubTestHost hub, Customer customer, string orderNumber, DateOnly date, decimal net)
    {
        var payload = JsonSerializer.SerializeToElement(new
        {
            orderNumber = $"{orderNumber}-{customer.HubId.ToString()[..6]}",
            customerNumber = customer.Number,
            orderDate = date.ToString("yyyy-MM-dd"),
            currency = "CNY",
            lines = new[] { new { materialNumber = "MAT-VALVE-25", quantity = 1m, unitPrice = net, taxRate = 13m } },
            totalAmount = net * 1.13m,
            status = "approved",
        });
        var record = new CanonicalRecord("kingdee", CanonicalEntity.Order, payload.GetProperty("orderNumber").GetString()!, 1, payload);
        await hub.App.Services.GetRequiredService<ICanonicalRecordStore>().ObserveAsync(Guid.NewGuid(), record, CanonicalHash.Of(payload), DateTimeOffset.UtcNow, null);
    }
}
