using System.Text.Json;
using IntegrationHub.Sandbox.Hosting;
using IntegrationHub.Sandbox.Kingdee;

namespace IntegrationHub.Connectors.Kingdee.Tests.Sandbox;

/// <summary>Upserts, lookups, session loss and limits against the K3Cloud sandbox.</summary>
public sealed class KingdeeSandboxWriteTests
{
    [Fact]
    public async Task UpsertOrders_MixedBatch_CreatedUpdatedAndRefusedEachWithItsIdentity()
    {
        await using var sandbox = await KingdeeSandbox.StartAsync(new KingdeeSandboxOptions { Customers = 5, Orders = 0 });
        await using var harness = KingdeeHarness.ForSandbox(sandbox);
        var upsert = harness.Orders.Upserter!;
        await upsert.UpsertAsync([Order("o-1", "SO-1", "CUST0001", "MAT-VALVE-25", 1)]);

        CanonicalRecord[] batch =
        [
            Order("o-1", "SO-1", "CUST0001", "MAT-PUMP-3K", 2),   // exists: updated
            Order("o-2", "SO-2", "CUST9999", "MAT-VALVE-25", 1),  // unknown customer
            Order("o-3", "SO-3", "CUST0002", "MAT-NOPE", 1),      // unknown material
            Order("o-4", "SO-4", "CUST0002", "MAT-GEAR-M3", 1),   // new
        ];
        var results = await upsert.UpsertAsync(batch);

        Assert.Equal([RecordUpsertStatus.Updated, RecordUpsertStatus.Failed, RecordUpsertStatus.Failed, RecordUpsertStatus.Created], results.Select(r => r.Status));
        Assert.Equal(batch.Select(b => b.Identity), results.Select(r => r.Record));
        Assert.StartsWith("FCustId: customer CUST9999 does not exist", results[1].Error!.Message, StringComparison.Ordinal);
        Assert.StartsWith("FMaterialId: entry 1: material MAT-NOPE does not exist", results[2].Error!.Message, StringComparison.Ordinal);
        var stored = await harness.Orders.Lookup!.GetAsync("SO-1");
        Assert.Equal("MAT-PUMP-3K", stored!.Payload.GetProperty("lines")[0].GetProperty("sku").GetString());
        Assert.Null(await harness.Orders.Lookup.GetAsync("SO-2"));
    }

    [Fact]
    public async Task UpsertCustomers_OlderVersionAuditedDocumentAndBadPayload_SkippedRefusedAndInvalid()
    {
        await using var sandbox = await KingdeeSandbox.StartAsync(new KingdeeSandboxOptions { Customers = 0, Orders = 0 });
        await using var harness = KingdeeHarness.ForSandbox(sandbox);
        var upsert = harness.Customers.Upserter!;
        await upsert.UpsertAsync([Customer("a", "C-1", "One", 10), Customer("b", "C-2", "Two", 1)]);
        sandbox.Store.Set("BD_Customer", "C-2", "FDocumentStatus", "C");

        var results = await upsert.UpsertAsync(
        [
            Customer("a", "C-1", "One (old)", 9),
            Customer("b", "C-2", "Two (new)", 2),
            new CanonicalRecord("crm", CanonicalEntity.Customer, "c", 1, JsonDocument.Parse("""{"name":"No number"}""").RootElement),
        ]);

        Assert.Equal(RecordUpsertStatus.Skipped, results[0].Status);
        Assert.Equal("One", (await harness.Customers.Lookup!.GetAsync("C-1"))!.Payload.GetProperty("name").GetString());
        Assert.Equal(RecordUpsertStatus.Failed, results[1].Status);
        Assert.Contains("cannot be modified; un-audit it first", results[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(("invalid", "number is required"), (results[2].Error!.Code, results[2].Error!.Message));
    }

    [Fact]
    public async Task UpsertCustomers_SameNumberTwiceInABatch_HighestVersionSavedOtherSkipped()
    {
        await using var sandbox = await KingdeeSandbox.StartAsync(new KingdeeSandboxOptions { Customers = 0, Orders = 0 });
        await using var harness = KingdeeHarness.ForSandbox(sandbox);

        var results = await harness.Customers.Upserter!.UpsertAsync([Customer("a", "C-9", "Newer", 5), Customer("a", "C-9", "Older", 4)]);

        Assert.Equal([RecordUpsertStatus.Created, RecordUpsertStatus.Skipped], results.Select(r => r.Status));
        Assert.Equal(1, sandbox.Store.Count("BD_Customer"));
        Assert.Equal("Newer", (await harness.Customers.Lookup!.GetAsync("C-9"))!.Payload.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Read_SandboxDropsEverySession_LogsInOnceMoreAndReplays()
    {
        await using var sandbox = await KingdeeSandbox.StartAsync(new KingdeeSandboxOptions { Customers = 3, Orders = 0 });
        await using var harness = KingdeeHarness.ForSandbox(sandbox);
        await harness.ReadAllAsync(harness.Customers);

        sandbox.Sessions.ExpireAll();
        var records = (await harness.ReadAllAsync(harness.Customers)).SelectMany(p => p.Records).ToList();

        Assert.Equal(3, records.Count);
        Assert.Equal(2, sandbox.Sessions.Opened);
    }

    [Fact]
    public async Task Read_OverTheSandboxCallLimit_429RetryAfterHonouredAndEveryPageRead()
    {
        await using var sandbox = await KingdeeSandbox.StartAsync(new KingdeeSandboxOptions
        {
            Customers = 20,
            Orders = 0,
            Limits = new SandboxLimits(Concurrent: 0, PerWindow: 3, Window: TimeSpan.FromSeconds(1), PerDay: 0),
        });
        await using var harness = KingdeeHarness.ForSandbox(sandbox, new Dictionary<string, string?> { ["Connectors:Kingdee:PageSize"] = "4" });

        var records = (await harness.ReadAllAsync(harness.Customers)).SelectMany(p => p.Records).ToList();

        Assert.Equal(20, records.Select(r => r.ExternalId).Distinct().Count());
        Assert.Contains(harness.Logs, l => l.Contains("after status 429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_GoodAndBadCredentials_HealthyAndUnhealthy()
    {
        await using var sandbox = await KingdeeSandbox.StartAsync(new KingdeeSandboxOptions { Customers = 1, Orders = 0 });
        await using var good = KingdeeHarness.ForSandbox(sandbox);
        await using var bad = KingdeeHarness.ForSandbox(sandbox, new Dictionary<string, string?> { ["Connectors:Kingdee:Password"] = "wrong-password" });

        Assert.Equal(ConnectorHealthStatus.Healthy, (await good.Connector.CheckHealthAsync()).Status);
        var unhealthy = await bad.Connector.CheckHealthAsync();
        Assert.Equal(ConnectorHealthStatus.Unhealthy, unhealthy.Status);
        Assert.Equal("credentials rejected (HTTP 200)", unhealthy.Description);
        Assert.Contains("ValidateUser refused the login", unhealthy.Detail, StringComparison.Ordinal);
    }

    private static CanonicalRecord Customer(string id, string number, string name, long version) =>
        new("crm", CanonicalEntity.Customer, id, version, JsonSerializer.SerializeToElement(new { number, name, currency = "CNY" }));

    private static CanonicalRecord Order(string id, string number, string customer, string sku, long version) =>
        new("crm", CanonicalEntity.Order, id, version, JsonSerializer.SerializeToElement(new
        {
            orderNumber = number,
            customerNumber = customer,
            orderDate = "2026-11-23",
            currency = "CNY",
            lines = new[] { new { sku, quantity = 3m, unitPrice = 86.50m, taxRate = 0.13m } },
        }));
}
