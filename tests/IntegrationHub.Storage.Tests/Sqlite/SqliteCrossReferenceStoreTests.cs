using IntegrationHub.Connectors;
using IntegrationHub.Storage.Sqlite;

namespace IntegrationHub.Storage.Tests.Sqlite;

public sealed class SqliteCrossReferenceStoreTests : IDisposable
{
    private static readonly RecordIdentity ErpOrder = new("erp", CanonicalEntity.Order, "SO-1");
    private static readonly RecordIdentity CrmOrder = new("fxiaoke", CanonicalEntity.Order, "crm-77");
    private readonly StoreFixture _db = new();

    [Fact]
    public async Task Link_ThenFind_AnswersBothWays_AndSurvivesARestart()
    {
        var hubId = Guid.NewGuid();
        await Store().LinkAsync(hubId, ErpOrder);
        await Store().LinkAsync(hubId, CrmOrder);

        _db.Reopen();

        Assert.Equal(hubId, await Store().FindHubIdAsync(CrmOrder));
        Assert.Equal(hubId, await Store().FindHubIdAsync(ErpOrder));
        Assert.Equal("crm-77", await Store().FindExternalIdAsync(hubId, "fxiaoke", CanonicalEntity.Order));
        Assert.Equal("SO-1", await Store().FindExternalIdAsync(hubId, "erp", CanonicalEntity.Order));
        Assert.Null(await Store().FindExternalIdAsync(hubId, "xero", CanonicalEntity.Order));
        Assert.Null(await Store().FindExternalIdAsync(hubId, "fxiaoke", CanonicalEntity.Customer));
        Assert.Null(await Store().FindHubIdAsync(CrmOrder with { ExternalId = "crm-78" }));
    }

    [Fact]
    public async Task Link_Twice_IsIdempotent()
    {
        var hubId = Guid.NewGuid();
        await Store().LinkAsync(hubId, CrmOrder);
        await Store().LinkAsync(hubId, CrmOrder);

        Assert.Equal(1L, await _db.CountAsync("cross_references"));
    }

    [Fact]
    public async Task Link_ExternalIdOfAnotherHubRecord_ThrowsConflict_AndWritesNothing()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await Store().LinkAsync(first, CrmOrder);

        var ex = await Assert.ThrowsAsync<CrossReferenceConflictException>(() => Store().LinkAsync(second, CrmOrder));

        Assert.Contains("fxiaoke/order/crm-77", ex.Message);
        Assert.Equal(first, ex.ExistingHubId);
        Assert.Equal(first, await Store().FindHubIdAsync(CrmOrder));
        Assert.Null(await Store().FindExternalIdAsync(second, "fxiaoke", CanonicalEntity.Order));
    }

    [Fact]
    public async Task Link_NewExternalIdForTheSameHubRecord_MovesTheLink()
    {
        var hubId = Guid.NewGuid();
        await Store().LinkAsync(hubId, CrmOrder);
        var recreated = CrmOrder with { ExternalId = "crm-99" };

        await Store().LinkAsync(hubId, recreated);

        Assert.Equal("crm-99", await Store().FindExternalIdAsync(hubId, "fxiaoke", CanonicalEntity.Order));
        Assert.Null(await Store().FindHubIdAsync(CrmOrder));
    }

    [Fact]
    public async Task Link_SystemNameCase_IsNormalised()
    {
        var hubId = Guid.NewGuid();
        await Store().LinkAsync(hubId, CrmOrder with { System = "FxiaoKe" });

        Assert.Equal(hubId, await Store().FindHubIdAsync(CrmOrder));
        Assert.Equal("crm-77", await Store().FindExternalIdAsync(hubId, "FXIAOKE", CanonicalEntity.Order));
    }

    [Fact]
    public async Task Cursor_SaveReplaceAndGet_ByKey()
    {
        var cursors = new SqliteConnectorCursorStore(_db.Connections(), TimeProvider.System);
        Assert.Null(await cursors.GetAsync("wf/fxiaoke/order"));

        await cursors.SaveAsync("wf/fxiaoke/order", "c1");
        await cursors.SaveAsync("wf/fxiaoke/order", "c2");
        await cursors.SaveAsync("wf/fxiaoke/customer", "x");
        _db.Reopen();

        Assert.Equal("c2", await cursors.GetAsync("wf/fxiaoke/order"));
        Assert.Equal("x", await cursors.GetAsync("wf/fxiaoke/customer"));
    }

    public void Dispose() => _db.Dispose();

    private SqliteCrossReferenceStore Store() => new(_db.Connections(), TimeProvider.System, _db.Writes());
}
