using IntegrationHub.Sandbox.Fxiaoke;

namespace IntegrationHub.Connectors.Fxiaoke.Tests.Orders;

/// <summary>The order sink against the sandbox CRM (a real Kestrel server), through the shared plumbing.</summary>
public sealed class FxiaokeOrderUpserterTests : IAsyncLifetime
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
    public async Task Upsert_NewOrder_CreatesAccountAndOrder()
    {
        var result = await _harness.Orders.UpsertOrderAsync(SampleOrder.Create("SO-1"));

        Assert.True(result.Created);
        var order = Assert.Single(_crm.Records.All(FxiaokeFields.SalesOrderObject));
        var account = Assert.Single(_crm.Records.All(FxiaokeFields.AccountObject));
        Assert.Equal(result.CrmId, order["_id"]!.GetValue<string>());
        Assert.Equal(account["_id"]!.GetValue<string>(), order[FxiaokeFields.AccountId]!.GetValue<string>());
        Assert.Equal(195.49m, order[FxiaokeFields.OrderAmount]!.GetValue<decimal>());
        Assert.Equal(1795392000000L, order[FxiaokeFields.OrderTime]!.GetValue<long>());
    }

    [Fact]
    public async Task Upsert_RedeliveredOrder_UpdatesTheSameRecordInsteadOfDuplicating()
    {
        var first = await _harness.Orders.UpsertOrderAsync(SampleOrder.Create("SO-2"));
        var again = await _harness.Orders.UpsertOrderAsync(SampleOrder.Create("SO-2"));

        Assert.False(again.Created);
        Assert.False(again.Skipped);
        Assert.Equal(first.CrmId, again.CrmId);
        var order = Assert.Single(_crm.Records.All(FxiaokeFields.SalesOrderObject));
        Assert.Equal(2, order["version"]!.GetValue<int>());
        Assert.Single(_crm.Records.All(FxiaokeFields.AccountObject));
    }

    [Fact]
    public async Task Upsert_OlderErpVersionAfterANewerOne_LeavesTheNewerOne()
    {
        await _harness.Orders.UpsertOrderAsync(SampleOrder.Create("SO-3", version: 2, quantity: 5));

        var older = await _harness.Orders.UpsertOrderAsync(SampleOrder.Create("SO-3", version: 1, quantity: 1));

        Assert.True(older.Skipped);
        var order = Assert.Single(_crm.Records.All(FxiaokeFields.SalesOrderObject));
        Assert.Equal(2, order[FxiaokeFields.ErpVersion]!.GetValue<long>());
        Assert.Equal(488.73m, order[FxiaokeFields.OrderAmount]!.GetValue<decimal>());
        Assert.Equal(1, order["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Upsert_SecondOrderOfTheSameCustomer_TwoCallsThanksToTheAccountCache()
    {
        await _harness.Orders.UpsertOrderAsync(SampleOrder.Create("SO-4"));
        var before = _harness.Attempts("cgi/crm/v2/data/query") + _harness.Attempts("cgi/crm/v2/data/create");

        await _harness.Orders.UpsertOrderAsync(SampleOrder.Create("SO-5"));

        var after = _harness.Attempts("cgi/crm/v2/data/query") + _harness.Attempts("cgi/crm/v2/data/create");
        Assert.Equal(4, before); // query account, create account, query order, create order
        Assert.Equal(2, after - before); // query order, create order
        Assert.Equal(2, _crm.Records.All(FxiaokeFields.SalesOrderObject).Count);
    }

    [Fact]
    public async Task Upsert_TokenExpiredBetweenOrders_RenewsOnceAndDelivers()
    {
        await _harness.Orders.UpsertOrderAsync(SampleOrder.Create("SO-6"));
        _crm.Tokens.ExpireAll();

        await _harness.Orders.UpsertOrderAsync(SampleOrder.Create("SO-7"));

        Assert.Equal(2, _crm.Tokens.Issued);
        Assert.Equal(2, _crm.Records.All(FxiaokeFields.SalesOrderObject).Count);
    }
}
