using System.Text.Json.Nodes;
using IntegrationHub.Sandbox.Fxiaoke;

namespace IntegrationHub.Sandbox.Tests.Fxiaoke;

/// <summary>An equality lookup through a field's index answers exactly what a scan of every record answers, across writes.</summary>
public sealed class FxiaokeRecordStoreIndexTests
{
    private const string Api = "SalesOrderObj";

    [Fact]
    public void IndexedLookup_FollowsCreatesUpdatesAndImports()
    {
        var store = new FxiaokeRecordStore(TimeProvider.System);
        var first = store.Create(Api, Order("PO-1", "acc-1"), null);
        store.Create(Api, Order("PO-2", "acc-1"), null);

        // The first lookup builds the index from the records already there.
        Assert.Equal([first], Ids(Lookup(store, "erp_order_no__c", "PO-1")));
        Assert.Equal(2, Lookup(store, "account_id", "acc-1").Count);

        // Created after the index exists.
        var third = store.Create(Api, Order("PO-3", "acc-2"), null);
        Assert.Equal([third], Ids(Lookup(store, "erp_order_no__c", "PO-3")));

        // An update moves the record from its old value to its new one.
        Assert.True(store.Update(Api, first, new JsonObject { ["erp_order_no__c"] = "PO-1-RENAMED" }, null));
        Assert.Empty(Lookup(store, "erp_order_no__c", "PO-1"));
        Assert.Equal([first], Ids(Lookup(store, "erp_order_no__c", "PO-1-RENAMED")));
        Assert.Equal(2, Lookup(store, "account_id", "acc-1").Count); // a field the update did not touch keeps its entry

        // An import over an existing id replaces it in the index as well.
        store.Import(Api, third, Order("PO-3B", "acc-1"), 1, 2, 7);
        Assert.Empty(Lookup(store, "erp_order_no__c", "PO-3"));
        Assert.Equal([third], Ids(Lookup(store, "erp_order_no__c", "PO-3B")));
        Assert.Equal(3, Lookup(store, "account_id", "acc-1").Count);
        Assert.Empty(Lookup(store, "account_id", "acc-2"));

        // Every answer equals the scan's.
        foreach (var (field, value) in new[] { ("erp_order_no__c", "PO-2"), ("account_id", "acc-1"), ("account_id", "nobody") })
        {
            var scanned = store.Query(Api, r => r[field]?.GetValue<string>() == value);
            Assert.Equal(Ids(scanned).Order(), Ids(Lookup(store, field, value)).Order());
        }
    }

    [Fact]
    public void IndexedLookup_StillAppliesTheWholeFilter()
    {
        var store = new FxiaokeRecordStore(TimeProvider.System);
        store.Create(Api, Order("PO-1", "acc-1"), null);
        store.Create(Api, Order("PO-2", "acc-1"), null);

        var rows = store.Query(Api, r => r["account_id"]?.GetValue<string>() == "acc-1" && r["erp_order_no__c"]?.GetValue<string>() == "PO-2", ("account_id", "acc-1"));

        Assert.Equal("PO-2", Assert.Single(rows)["erp_order_no__c"]!.GetValue<string>());
    }

    private static List<JsonObject> Lookup(FxiaokeRecordStore store, string field, string value) =>
        store.Query(Api, r => r[field]?.GetValue<string>() == value, (field, value));

    private static List<string> Ids(IEnumerable<JsonObject> rows) => [.. rows.Select(r => r["_id"]!.GetValue<string>())];

    private static JsonObject Order(string number, string account) => new() { ["erp_order_no__c"] = number, ["account_id"] = account };
}
