using IntegrationHub.Identity;
using IntegrationHub.Sandbox.Salesforce;

namespace IntegrationHub.Connectors.Salesforce.Tests.Sandbox;

/// <summary>Upserts, lookups, session expiry and the daily cap against the Salesforce sandbox.</summary>
public sealed class SalesforceSandboxWriteTests
{
    [Fact]
    public async Task Upsert_CustomersThenOrders_CreatedLinkedUpdatedAndOlderVersionsSkipped()
    {
        await using var sandbox = await SalesforceSandbox.StartAsync();
        await using var harness = SalesforceHarness.ForSandbox(sandbox);
        var customers = harness.Customers.Upserter!;
        var orders = harness.Orders.Upserter!;

        var created = await customers.UpsertAsync([Canonical.Customer("CUST00001", "Acme Valves", version: 2)]);
        var order = await orders.UpsertAsync([Canonical.Order("SO-1", "CUST00001", status: "confirmed")]);
        var again = await customers.UpsertAsync([Canonical.Customer("CUST00001", "Acme Valves Ltd", version: 3)]);
        var older = await customers.UpsertAsync([Canonical.Customer("CUST00001", "Acme (stale)", version: 1)]);

        Assert.Equal(RecordUpsertStatus.Created, created[0].Status);
        Assert.Equal(RecordUpsertStatus.Created, order[0].Status);
        Assert.Equal(RecordUpsertStatus.Updated, again[0].Status);
        Assert.Equal(RecordUpsertStatus.Skipped, older[0].Status);
        Assert.Equal(created[0].TargetId, again[0].TargetId);
        Assert.Equal(created[0].TargetId, older[0].TargetId);
        var account = sandbox.Records.Get("Account", created[0].TargetId!)!;
        Assert.Equal("Acme Valves Ltd", account["Name"]!.GetValue<string>());
        var stored = sandbox.Records.Get("Order", order[0].TargetId!)!;
        Assert.Equal(created[0].TargetId, stored["AccountId"]!.GetValue<string>());
        Assert.Equal("Activated", stored["StatusCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upsert_MixedOrderBatch_GoodOnesWrittenEachRefusalCarriesItsRecordsIdentity()
    {
        await using var sandbox = await SalesforceSandbox.StartAsync();
        await using var harness = SalesforceHarness.ForSandbox(sandbox);
        await harness.Customers.Upserter!.UpsertAsync([Canonical.Customer("CUST00001", "Acme Valves")]);
        CanonicalRecord[] batch =
        [
            Canonical.Order("SO-1", "CUST00001"),
            Canonical.Order("SO-2", "CUST-UNKNOWN"),              // the vendor cannot resolve the account reference
            Canonical.Order("SO-3", "CUST00001", status: "lost"), // no Salesforce status: refused by the connector
            Canonical.Order("SO-4", "CUST00001"),
        ];

        var results = await harness.Orders.Upserter!.UpsertAsync(batch);

        Assert.Equal(batch.Select(r => r.Identity), results.Select(r => r.Record));
        Assert.Equal(["Created", "Failed", "Failed", "Created"], results.Select(r => r.Status.ToString()));
        Assert.Equal("INVALID_FIELD", results[1].Error!.Code);
        Assert.Contains("Foreign key external ID", results[1].Error!.Message, StringComparison.Ordinal);
        Assert.Contains("[AccountId]", results[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal("INVALID_STATUS", results[2].Error!.Code);
        Assert.Equal(2, sandbox.Records.Find("Order", "OrderReferenceNumber", "SO-1").Count + sandbox.Records.Find("Order", "OrderReferenceNumber", "SO-4").Count);
    }

    [Fact]
    public async Task Lookup_ByIdAndByHubId_SameRecord_MissingIsNull()
    {
        await using var sandbox = await SalesforceSandbox.StartAsync();
        await using var harness = SalesforceHarness.ForSandbox(sandbox);
        var saved = await harness.Customers.Upserter!.UpsertAsync([Canonical.Customer("CUST00007", "Lookup Co")]);
        var lookup = harness.Customers.Lookup!;

        var byId = await lookup.GetAsync(saved[0].TargetId!);
        var byHubId = await lookup.GetAsync(HubIds.For("erp", "customer", "CUST00007").ToString());

        Assert.Equal("Lookup Co", byId!.Payload.GetProperty("name").GetString());
        Assert.Equal(byId.ExternalId, byHubId!.ExternalId);
        Assert.Null(await lookup.GetAsync("001000000000000AAA"));
        Assert.Null(await lookup.GetAsync(Guid.NewGuid().ToString()));
    }

    [Fact]
    public async Task Read_SessionRevokedMidway_RenewedOnceAndTheCallRepeated()
    {
        await using var sandbox = await SalesforceSandbox.StartAsync();
        await using var harness = SalesforceHarness.ForSandbox(sandbox);
        await SalesforceHarness.ReadAllAsync(harness.Customers.Reader!);
        sandbox.Sessions.ExpireAll();

        var pages = await SalesforceHarness.ReadAllAsync(harness.Orders.Reader!);

        Assert.Equal(180, pages.Sum(p => p.Records.Count));
        Assert.Equal(2, sandbox.Sessions.Issued);
        Assert.Single(harness.Logs, l => l.Contains("rejected the session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DailyCap_Reached_TransientRequestLimitExceeded_UsageObserved_HealthUnhealthy()
    {
        await using var sandbox = await SalesforceSandbox.StartAsync(new SalesforceSandboxOptions { DailyApiRequests = 2 });
        await using var harness = SalesforceHarness.ForSandbox(sandbox);
        await SalesforceHarness.ReadAllAsync(harness.Customers.Reader!);
        await SalesforceHarness.ReadAllAsync(harness.Orders.Reader!);

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => SalesforceHarness.ReadAllAsync(harness.Customers.Reader!));

        Assert.Equal("REQUEST_LIMIT_EXCEEDED", error.VendorCode);
        Assert.Equal((2L, 2L), harness.Usage.Current);
        Assert.Equal(ConnectorHealthStatus.Unhealthy, (await harness.Connector.CheckHealthAsync()).Status);
    }

    [Fact]
    public async Task Health_GoodCredentials_Healthy_WrongSecret_UnhealthyAndNeverLogged()
    {
        await using var sandbox = await SalesforceSandbox.StartAsync();
        await using var good = SalesforceHarness.ForSandbox(sandbox);
        await using var bad = SalesforceHarness.ForSandbox(sandbox, new Dictionary<string, string?> { ["Connectors:Salesforce:ClientSecret"] = SalesforceHarness.ClientSecret });

        Assert.Equal(ConnectorHealthStatus.Healthy, (await good.Connector.CheckHealthAsync()).Status);
        var health = await bad.Connector.CheckHealthAsync();

        Assert.Equal(ConnectorHealthStatus.Unhealthy, health.Status);
        Assert.DoesNotContain(good.Logs.Concat(bad.Logs), l => l.Contains(sandbox.Credentials.ClientSecret, StringComparison.Ordinal)
            || l.Contains(SalesforceHarness.ClientSecret, StringComparison.Ordinal));
    }
}
