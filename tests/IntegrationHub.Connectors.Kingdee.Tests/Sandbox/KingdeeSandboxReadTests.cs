using System.Text.Json.Nodes;
using IntegrationHub.Sandbox.Kingdee;

namespace IntegrationHub.Connectors.Kingdee.Tests.Sandbox;

/// <summary>Change reads against the K3Cloud sandbox: pages, shared FModifyDate values and resumed cursors.</summary>
public sealed class KingdeeSandboxReadTests
{
    private static readonly Dictionary<string, string?> SmallPages = new() { ["Connectors:Kingdee:PageSize"] = "7" };

    [Fact]
    public async Task ReadCustomers_SmallPages_EveryCustomerOnceInModificationOrder()
    {
        await using var sandbox = await KingdeeSandbox.StartAsync();
        await using var harness = KingdeeHarness.ForSandbox(sandbox, SmallPages);

        var pages = await harness.ReadAllAsync(harness.Customers);

        var records = pages.SelectMany(p => p.Records).ToList();
        Assert.True(pages.Count >= 6, $"40 customers in pages of 7 are at least 6 pages, got {pages.Count}");
        Assert.Equal(sandbox.Store.Count("BD_Customer"), records.Count);
        Assert.Equal(records.Count, records.Select(r => r.ExternalId).Distinct().Count());
        Assert.Equal(records.Select(r => r.SourceVersion).Order(), records.Select(r => r.SourceVersion));
        Assert.True(records.GroupBy(r => r.SourceVersion).Any(g => g.Count() > 1), "the seed puts several customers on one FModifyDate (the boundary case)");
    }

    [Fact]
    public async Task ReadOrders_SmallPages_EveryOrderOnceWithItsEntries()
    {
        await using var sandbox = await KingdeeSandbox.StartAsync(new KingdeeSandboxOptions { Customers = 10, Orders = 30 });
        await using var harness = KingdeeHarness.ForSandbox(sandbox, SmallPages);

        var records = (await harness.ReadAllAsync(harness.Orders)).SelectMany(p => p.Records).ToList();

        Assert.Equal(30, records.Select(r => r.ExternalId).Distinct().Count());
        Assert.Equal(30, records.Count);
        Assert.All(records, r =>
        {
            var lines = r.Payload.GetProperty("lines").EnumerateArray().ToList();
            Assert.NotEmpty(lines);
            var gross = lines.Sum(l => decimal.Round(l.GetProperty("quantity").GetDecimal() * l.GetProperty("unitPriceInclTax").GetDecimal(), 2));
            Assert.Equal(r.Payload.GetProperty("totalAmount").GetDecimal(), gross);
        });
    }

    [Fact]
    public async Task ReadCustomers_ResumedFromTheLastCursor_OnlyTheCustomersChangedSince()
    {
        await using var sandbox = await KingdeeSandbox.StartAsync();
        await using var harness = KingdeeHarness.ForSandbox(sandbox, SmallPages);
        var cursor = (await harness.ReadAllAsync(harness.Customers))[^1].Cursor;

        sandbox.Store.Set("BD_Customer", "CUST0003", "FTEL", "021-00000003");
        sandbox.Store.Set("BD_Customer", "CUST0017", "FTEL", "021-00000017");
        var again = await harness.ReadAllAsync(harness.Customers, cursor);

        Assert.Equal(["CUST0003", "CUST0017"], again.SelectMany(p => p.Records).Select(r => r.ExternalId).Order());
        Assert.Empty(await harness.ReadAllAsync(harness.Customers, again[^1].Cursor));
    }

    [Fact]
    public async Task ReadCustomers_CursorInsideAGroupSharingOneFModifyDate_RestOfTheGroupNeitherLostNorRepeated()
    {
        await using var sandbox = await KingdeeSandbox.StartAsync(new KingdeeSandboxOptions { Customers = 12, Orders = 0 });
        foreach (var number in new[] { "CUST0004", "CUST0005", "CUST0006", "CUST0007" })
        {
            sandbox.Store.Set("BD_Customer", number, "FModifyDate", "2030-01-01T00:00:00.000"); // four customers on one FModifyDate
        }

        await using var harness = KingdeeHarness.ForSandbox(sandbox, new Dictionary<string, string?> { ["Connectors:Kingdee:PageSize"] = "2" });
        var all = (await harness.ReadAllAsync(harness.Customers)).SelectMany(p => p.Records).ToList();
        var pages = await harness.ReadAllAsync(harness.Customers);
        var middle = pages.First(p => p.Records.Count > 0 && p.Records[^1].ExternalId is "CUST0004" or "CUST0005" or "CUST0006");

        var after = (await harness.ReadAllAsync(harness.Customers, middle.Cursor)).SelectMany(p => p.Records).Select(r => r.ExternalId).ToList();

        var expected = all.SkipWhile(r => r.ExternalId != middle.Records[^1].ExternalId).Skip(1).Select(r => r.ExternalId).ToList();
        Assert.Equal(expected, after);
        Assert.Equal(12, all.Count);
    }

    [Fact]
    public async Task ReadCustomers_DocumentsChangeDuringTheRead_NoneSkipped()
    {
        await using var sandbox = await KingdeeSandbox.StartAsync();
        await using var harness = KingdeeHarness.ForSandbox(sandbox, SmallPages);
        var seen = new HashSet<string>();
        var changed = 0;

        await foreach (var page in harness.Customers.Reader!.ReadChangesAsync(null))
        {
            seen.UnionWith(page.Records.Select(r => r.ExternalId));
            if (changed++ < 3)
            {
                // Documents already delivered move to the end; with offset paging the rows behind them would shift back unseen.
                sandbox.Store.Set("BD_Customer", page.Records[0].ExternalId, "FTEL", JsonValue.Create($"changed-{changed}"));
            }
        }

        Assert.Equal(sandbox.Store.Count("BD_Customer"), seen.Count);
    }
}
