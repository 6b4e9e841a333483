using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Fxiaoke.Tests.Orders;
using IntegrationHub.Sandbox.Fxiaoke;

namespace IntegrationHub.Connectors.Fxiaoke.Tests.Connector;

/// <summary>Batch upserts through the IConnector against the sandbox CRM, including per-record refusals.</summary>
public sealed class FxiaokeUpsertTests : IAsyncLifetime
{
    private FxiaokeSandbox _crm = null!;
    private FxiaokeHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _crm = await FxiaokeSandbox.StartAsync();
        _harness = FxiaokeHarness.ForSandbox(_crm);
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _crm.DisposeAsync();
    }

    [Fact]
    public async Task Customers_CreateThenUpdateThenOlderVersion_CreatedUpdatedSkipped_OneRecord()
    {
        var upserter = _harness.Entity(CanonicalEntity.Customer).Upserter!;

        var created = await upserter.UpsertAsync([Records.Customer("CUST00001", new { name = "Acme", valueTier = "A" }, version: 2)]);
        var updated = await upserter.UpsertAsync([Records.Customer("CUST00001", new { name = "Acme Ltd" }, version: 3)]);
        var skipped = await upserter.UpsertAsync([Records.Customer("CUST00001", new { name = "Acme old" }, version: 1)]);

        Assert.Equal(RecordUpsertStatus.Created, Assert.Single(created).Status);
        Assert.Equal(RecordUpsertStatus.Updated, Assert.Single(updated).Status);
        Assert.Equal(RecordUpsertStatus.Skipped, Assert.Single(skipped).Status);
        var account = Assert.Single(_crm.Records.All("AccountObj"));
        Assert.Equal(created[0].TargetId, account["_id"]!.GetValue<string>());
        Assert.Equal("Acme Ltd", account["name"]!.GetValue<string>());
        Assert.Equal("A", account["value_tier__c"]!.GetValue<string>());
        Assert.Equal(3, account["erp_version__c"]!.GetValue<long>());
    }

    [Fact]
    public async Task Customers_OneWithoutName_OnlyThatOneFails_WithItsIdentity_InInputOrder()
    {
        var batch = new[]
        {
            Records.Customer("CUST00010", new { name = "One" }),
            Records.Customer("CUST00011", new { valueTier = "B" }),
            Records.Customer("CUST00012", new { name = "Three" }),
        };

        var results = await _harness.Entity(CanonicalEntity.Customer).Upserter!.UpsertAsync(batch);

        Assert.Equal(batch.Select(r => r.Identity), results.Select(r => r.Record));
        Assert.True(results[0].Succeeded);
        Assert.True(results[2].Succeeded);
        var error = results[1].Error!;
        Assert.Equal(RecordUpsertStatus.Failed, results[1].Status);
        Assert.Equal(new RecordIdentity("erp", CanonicalEntity.Customer, "CUST00011"), error.Record);
        Assert.Equal("invalid-payload", error.Code);
        Assert.Contains("name is required", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _crm.Records.Count("AccountObj"));
    }

    [Fact]
    public async Task Payments_UnknownCustomerOrBadAmount_ThoseFail_TheRestIsLinkedToItsAccountAndOrder()
    {
        await _harness.Orders.UpsertOrderAsync(SampleOrder.Create("SO-100"));
        var customer = SampleOrder.Create("SO-100").CustomerNumber;
        var batch = new[]
        {
            Records.Payment("INV-1", new { customerNumber = customer, orderNumber = "SO-100", amount = 100.10m, currency = "CNY", paidAt = "2026-11-20T10:00:00Z" }),
            Records.Payment("INV-2", new { customerNumber = "NOBODY", amount = 5m }),
            Records.Payment("INV-3", new { customerNumber = customer, amount = "a lot" }),
            Records.Payment("INV-4", new { customerNumber = customer, orderNumber = "SO-404", amount = 1m }),
        };

        var results = await _harness.Entity(CanonicalEntity.Payment).Upserter!.UpsertAsync(batch);

        Assert.Equal(RecordUpsertStatus.Created, results[0].Status);
        Assert.Equal(("account-not-found", true), (results[1].Error!.Code, results[1].Error!.Retryable));
        Assert.Equal(new RecordIdentity("xero", CanonicalEntity.Payment, "INV-2"), results[1].Error!.Record);
        Assert.Equal(("invalid-payload", false), (results[2].Error!.Code, results[2].Error!.Retryable));
        Assert.Equal("order-not-found", results[3].Error!.Code);
        var payment = Assert.Single(_crm.Records.All("PaymentObj"));
        Assert.Equal(_crm.Records.All("AccountObj")[0]["_id"]!.ToJsonString(), payment["account_id"]!.ToJsonString());
        Assert.Equal(_crm.Records.All("SalesOrderObj")[0]["_id"]!.ToJsonString(), payment["order_id"]!.ToJsonString());
        Assert.Equal(100.10m, payment["payment_amount"]!.GetValue<decimal>());
        Assert.Equal(1795168800000L, payment["payment_time"]!.GetValue<long>());
        Assert.Equal("INV-1", payment["external_payment_no__c"]!.GetValue<string>());
    }

    [Fact]
    public async Task Payments_WithTheAccountIdGiven_AreAttachedToThatAccount_WithoutACustomerNumber()
    {
        await _harness.Orders.UpsertOrderAsync(SampleOrder.Create("SO-101"));
        var accountId = (string)_crm.Records.All("AccountObj")[0]["_id"]!;

        var results = await _harness.Entity(CanonicalEntity.Payment).Upserter!.UpsertAsync(
            [Records.Payment("PAY-5", new { accountId, amount = 7.25m, currency = "NZD", paidAt = "2026-11-21T00:00:00Z" }),
             Records.Payment("PAY-6", new { amount = 1m })]);

        Assert.Equal(RecordUpsertStatus.Created, results[0].Status);
        Assert.Equal("invalid-payload", results[1].Error!.Code); // neither an account id nor a customer number
        var payment = Assert.Single(_crm.Records.All("PaymentObj"));
        Assert.Equal((accountId, 7.25m), ((string?)payment["account_id"], payment["payment_amount"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task CustomerCredit_UpdatesOnlyTheCreditFieldsOfTheAccount_AndAnAccountThatIsGoneFailsThatRecord()
    {
        var accountId = _crm.Records.Create("AccountObj", new JsonObject { ["name"] = "Credit Cranes", ["tel"] = "13800138000" }, null);
        var credit = _harness.Connector.Entities.Single(e => e.Entity.Name == "customer-credit").Upserter!;
        CanonicalRecord Credit(string account, string status) => new("hub", new CanonicalEntity("customer-credit"), "hub-" + account, 1,
            JsonSerializer.SerializeToElement(new { accountId = account, overdueAmounts = "CNY 1200.00; USD 40.00", oldestOverdueDays = 64, creditStatus = status, asOf = "2026-12-02" }));

        var results = await credit.UpsertAsync([Credit(accountId, "hold"), Credit("no-such-account", "hold"), Credit(accountId, "frozen")]);

        Assert.Equal(RecordUpsertStatus.Updated, results[0].Status);
        Assert.False(results[1].Succeeded);
        Assert.Equal("invalid-payload", results[2].Error!.Code);
        var account = _crm.Records.Get("AccountObj", accountId)!;
        Assert.Equal(("hold", 64, "CNY 1200.00; USD 40.00", "Credit Cranes", "13800138000"),
            ((string?)account["credit_status__c"], (int)account["oldest_overdue_days__c"]!, (string?)account["overdue_amounts__c"], (string?)account["name"], (string?)account["tel"]));
        Assert.Equal(1, _crm.Records.Count("AccountObj"));

        // Paid up: nothing overdue clears the amounts (an empty text, not a refusal).
        var paidUp = new CanonicalRecord("hub", new CanonicalEntity("customer-credit"), "hub-" + accountId, 2,
            JsonSerializer.SerializeToElement(new { accountId, overdueAmounts = "", oldestOverdueDays = 0, creditStatus = "ok" }));
        Assert.True((await credit.UpsertAsync([paidUp]))[0].Succeeded);
        account = _crm.Records.Get("AccountObj", accountId)!;
        Assert.Equal(("ok", 0, ""), ((string?)account["credit_status__c"], (int)account["oldest_overdue_days__c"]!, (string?)account["overdue_amounts__c"]));
    }

    [Fact]
    public async Task CustomerValue_UpdatesOnlyTheValueFieldsOfTheAccount_AndABadShareFailsThatRecord()
    {
        var accountId = _crm.Records.Create("AccountObj", new JsonObject { ["name"] = "Value Valves", ["tel"] = "13800138001" }, null);
        var upserter = _harness.Connector.Entities.Single(e => e.Entity.Name == "customer-value").Upserter!;
        CanonicalRecord Value(decimal share) => new("hub", new CanonicalEntity("customer-value"), "hub-" + accountId, 1, JsonSerializer.SerializeToElement(new
        {
            accountId, tier = "high-value", stage = "won-back", rfm = "R5 F4 M3", lifetimeValue = 5400.00m, currency = "CNY", dsoDays = (decimal?)81, onTimeShare = share,
        }));

        var results = await upserter.UpsertAsync([Value(0.5m), Value(1.5m)]);

        Assert.Equal(RecordUpsertStatus.Updated, results[0].Status);
        Assert.Equal("invalid-payload", results[1].Error!.Code);
        var account = _crm.Records.Get("AccountObj", accountId)!;
        Assert.Equal(("high-value", "won-back", "R5 F4 M3", 5400.00m, 81m, 0.5m, "Value Valves"),
            ((string?)account["value_tier__c"], (string?)account["lifecycle_stage__c"], (string?)account["rfm__c"], (decimal)account["clv__c"]!,
             (decimal)account["dso_days__c"]!, (decimal)account["on_time_payment_share__c"]!, (string?)account["name"]));
    }

    [Fact]
    public async Task Payments_MultiCurrencyTenant_TheCurrencyIsWrittenToItsField()
    {
        var accountId = _crm.Records.Create("AccountObj", new JsonObject { ["name"] = "NZ Ltd" }, null);

        var results = await _harness.Entity(CanonicalEntity.Payment).Upserter!.UpsertAsync(
            [Records.Payment("PAY-7", new { accountId, amount = 7.25m, currency = "NZD" })]);

        Assert.True(Assert.Single(results).Succeeded);
        var payment = Assert.Single(_crm.Records.All("PaymentObj"));
        Assert.Equal("NZD", (string?)payment["mc_currency"]);
        Assert.Null(payment["currency__c"]);
    }

    [Fact]
    public async Task Payments_SingleCurrencyTenant_AForeignCurrencyIsRefused_TheTenantsOwnIsWrittenWithoutACurrencyField()
    {
        await using var single = FxiaokeHarness.ForSandbox(_crm, new Dictionary<string, string?> { ["Connectors:Fxiaoke:MultiCurrency"] = "false" });
        var accountId = _crm.Records.Create("AccountObj", new JsonObject { ["name"] = "CN Ltd" }, null);

        var results = await single.Entity(CanonicalEntity.Payment).Upserter!.UpsertAsync(
            [Records.Payment("PAY-8", new { accountId, amount = 7.25m, currency = "NZD" }),
             Records.Payment("PAY-9", new { accountId, amount = 8m, currency = "CNY" })]);

        var refused = results[0].Error!;
        Assert.Equal(("currency-not-supported", false), (refused.Code, refused.Retryable));
        Assert.Contains("NZD", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Connectors:Fxiaoke:MultiCurrency", refused.Message, StringComparison.Ordinal);
        Assert.True(results[1].Succeeded);
        var payment = Assert.Single(_crm.Records.All("PaymentObj"));
        Assert.Equal("PAY-9", (string?)payment["external_payment_no__c"]);
        Assert.Null(payment["mc_currency"]);
    }

    [Fact]
    public async Task Payments_VendorRefusesTheRecord_FailedWithTheVendorCodeAndIdentity()
    {
        var customer = SampleOrder.Create("SO-101").CustomerNumber;
        await _harness.Orders.UpsertOrderAsync(SampleOrder.Create("SO-101"));

        // The sandbox CRM refuses a payment amount of zero (errorCode 10001) although the payload is well-formed.
        var results = await _harness.Entity(CanonicalEntity.Payment).Upserter!.UpsertAsync(
            [Records.Payment("INV-0", new { customerNumber = customer, amount = 0m })]);

        var error = Assert.Single(results).Error!;
        Assert.Equal("10001", error.Code);
        Assert.Equal(new RecordIdentity("xero", CanonicalEntity.Payment, "INV-0"), error.Record);
        Assert.Contains("payment_amount", error.Message, StringComparison.Ordinal);
        Assert.Empty(_crm.Records.All("PaymentObj"));
    }

    [Fact]
    public async Task Orders_UnderALinkedAccountTheCrmNoLongerHas_GoUnderTheAccountFoundByNumber()
    {
        var order = SampleOrder.Create("SO-210");
        var payload = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(order, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)))!.AsObject();
        var accountId = _crm.Records.Create("AccountObj", new System.Text.Json.Nodes.JsonObject { ["name"] = "By Number Ltd", ["erp_customer_no__c"] = order.CustomerNumber }, null);
        payload["accountId"] = "gone-0000000000000000";

        var result = Assert.Single(await _harness.Entity(CanonicalEntity.Order).Upserter!.UpsertAsync(
            [new CanonicalRecord("erp", CanonicalEntity.Order, "SO-210", 1, System.Text.Json.JsonSerializer.SerializeToElement(payload))]));

        Assert.Equal(RecordUpsertStatus.Created, result.Status);
        Assert.Equal(accountId, (string?)Assert.Single(_crm.Records.All("SalesOrderObj"))["account_id"]);
        Assert.Single(_crm.Records.All("AccountObj"), a => (string?)a["erp_customer_no__c"] == order.CustomerNumber);
    }

    [Fact]
    public async Task Orders_ThroughTheConnector_SameAsTheOrderSink_AndABadPayloadFailsAlone()
    {
        var order = SampleOrder.Create("SO-200");
        var json = System.Text.Json.JsonSerializer.SerializeToElement(order, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        var batch = new[]
        {
            new CanonicalRecord("erp", CanonicalEntity.Order, "SO-200", 1, json),
            Records.Order("SO-201", new { customerNumber = "X" }),
            new CanonicalRecord("erp", CanonicalEntity.Order, "SO-200", 1, json),
        };

        var results = await _harness.Entity(CanonicalEntity.Order).Upserter!.UpsertAsync(batch);

        Assert.Equal(RecordUpsertStatus.Created, results[0].Status);
        Assert.Equal("invalid-payload", results[1].Error!.Code);
        Assert.Equal("SO-201", results[1].Error!.Record.ExternalId);
        Assert.Equal(RecordUpsertStatus.Updated, results[2].Status);
        Assert.Equal(results[0].TargetId, results[2].TargetId);
        var stored = Assert.Single(_crm.Records.All("SalesOrderObj"));
        Assert.Equal("SO-200", stored["erp_order_no__c"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lookup_ByFxiaokeId_TheRecord_OrNullWhenAbsent()
    {
        var created = await _harness.Entity(CanonicalEntity.Customer).Upserter!.UpsertAsync([Records.Customer("CUST00020", new { name = "Lookup Co" })]);
        var lookup = _harness.Entity(CanonicalEntity.Customer).Lookup!;

        var found = await lookup.GetAsync(created[0].TargetId!);
        var missing = await lookup.GetAsync("0123456789abcdef01234567");

        Assert.NotNull(found);
        Assert.Equal(created[0].TargetId, found.ExternalId);
        Assert.Equal("CUST00020", found.Payload.GetProperty("customerNumber").GetString());
        Assert.Equal("Lookup Co", found.Payload.GetProperty("name").GetString());
        Assert.Null(missing);
    }

    [Fact]
    public async Task Connector_Registered_ThreeEntitiesWithEveryCapability_TwoWriteOnly_Healthy()
    {
        var connector = _harness.Connector;

        Assert.Equal(["customer", "order", "payment", "customer-credit", "customer-value"], connector.Entities.Select(e => e.Entity.Name));
        Assert.All(connector.Entities.SkipLast(2), e => Assert.True(e.Reader is not null && e.Upserter is not null && e.Lookup is not null));
        Assert.All(connector.Entities.TakeLast(2), e => Assert.True(e is { Reader: null, Upserter: not null, Lookup: null })); // credit standing, value: written, never read
        Assert.Equal(ConnectorHealthStatus.Healthy, (await connector.CheckHealthAsync()).Status);
    }

    [Fact]
    public async Task Health_WrongCredentials_UnhealthyWithoutTheSecret()
    {
        await using var harness = FxiaokeHarness.ForSandbox(_crm, new Dictionary<string, string?> { ["Connectors:Fxiaoke:AppSecret"] = FxiaokeHarness.AppSecret });

        var health = await harness.Connector.CheckHealthAsync();

        Assert.Equal(ConnectorHealthStatus.Unhealthy, health.Status);
        Assert.Equal("credentials rejected (HTTP 200)", health.Description);
        Assert.Contains("20014", health.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(FxiaokeHarness.AppSecret, health.Detail, StringComparison.Ordinal);
    }
}
