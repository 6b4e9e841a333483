using IntegrationHub.Sandbox.Salesforce;

namespace IntegrationHub.Connectors.Salesforce.Tests.Sandbox;

/// <summary>Reading changes from the Salesforce sandbox: batches via nextRecordsUrl, same-timestamp boundaries, resuming from any cursor.</summary>
public sealed class SalesforceSandboxReadTests
{
    private static readonly SalesforceSandboxOptions ManyAccounts = new() { SeedAccounts = 450, SeedOrdersPerAccount = 1 };
    private static readonly Dictionary<string, string?> SmallBatches = new() { ["Connectors:Salesforce:QueryBatchSize"] = "200" };

    [Fact]
    public async Task ReadChanges_FromTheStart_EveryAccountOnceInModstampOrderAcrossBatches()
    {
        await using var sandbox = await SalesforceSandbox.StartAsync(ManyAccounts);
        await using var harness = SalesforceHarness.ForSandbox(sandbox, SmallBatches);

        var pages = await SalesforceHarness.ReadAllAsync(harness.Customers.Reader!);
        var records = pages.SelectMany(p => p.Records).ToList();

        Assert.Equal([200, 200, 50], pages.Select(p => p.Records.Count));
        Assert.Equal(450, records.Select(r => r.ExternalId).Distinct().Count());
        Assert.Equal(records.OrderBy(r => r.SourceVersion).ThenBy(r => r.ExternalId, StringComparer.Ordinal).Select(r => r.ExternalId), records.Select(r => r.ExternalId));
        Assert.True(records.GroupBy(r => r.SourceVersion).Max(g => g.Count()) >= 45, "the seed has a bulk-update block sharing one SystemModstamp");
    }

    [Fact]
    public async Task ReadChanges_ResumedFromEachPagesCursor_ExactlyTheRestNoGapsNoRepeats()
    {
        await using var sandbox = await SalesforceSandbox.StartAsync(ManyAccounts);
        await using var harness = SalesforceHarness.ForSandbox(sandbox, SmallBatches);
        var reader = harness.Orders.Reader!;
        var pages = await SalesforceHarness.ReadAllAsync(reader);
        var all = pages.SelectMany(p => p.Records.Select(r => r.ExternalId)).ToList();

        var delivered = 0;
        foreach (var page in pages)
        {
            delivered += page.Records.Count;
            var rest = (await SalesforceHarness.ReadAllAsync(reader, page.Cursor)).SelectMany(p => p.Records.Select(r => r.ExternalId)).ToList();
            Assert.Equal(all.Skip(delivered), rest);
        }

        Assert.Equal(450, all.Count);
    }

    [Fact]
    public async Task ReadChanges_AfterUpserts_OnlyTheChangedRecords()
    {
        await using var sandbox = await SalesforceSandbox.StartAsync();
        await using var harness = SalesforceHarness.ForSandbox(sandbox);
        var cursor = (await SalesforceHarness.ReadAllAsync(harness.Customers.Reader!))[^1].Cursor;
        await harness.Customers.Upserter!.UpsertAsync([Canonical.Customer("CUST90001", "Acme Valves"), Canonical.Customer("CUST90002", "Acme Pumps")]);

        var changed = (await SalesforceHarness.ReadAllAsync(harness.Customers.Reader!, cursor)).SelectMany(p => p.Records).ToList();

        Assert.Equal(["CUST90001", "CUST90002"], changed.Select(r => r.Payload.GetProperty("customerNumber").GetString()).Order());
    }
}
