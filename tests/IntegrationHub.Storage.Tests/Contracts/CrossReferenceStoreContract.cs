using IntegrationHub.Connectors;

namespace IntegrationHub.Storage.Tests.Contracts;

/// <summary>What every <see cref="ICrossReferenceStore"/> (and <see cref="IConnectorCursorStore"/>) guarantees, whatever the database under it.</summary>
public abstract class CrossReferenceStoreContract : StoreContract
{
    private static readonly RecordIdentity ErpOrder = new("erp", CanonicalEntity.Order, "SO-1");
    private static readonly RecordIdentity CrmOrder = new("fxiaoke", CanonicalEntity.Order, "crm-77");

    [Fact]
    public async Task Link_ThenFind_AnswersBothWays_AndSurvivesARestart()
    {
        var hubId = Guid.NewGuid();
        await Store().LinkAsync(hubId, ErpOrder);
        await Store().LinkAsync(hubId, CrmOrder);

        // A new store instance on the same database: a restart, or another node.

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

        Assert.Equal(1L, await Backend.CountAsync("cross_references"));
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
        var cursors = Backend.Cursors();
        Assert.Null(await cursors.GetAsync("wf/fxiaoke/order"));

        await cursors.SaveAsync("wf/fxiaoke/order", "c1");
        await cursors.SaveAsync("wf/fxiaoke/order", "c2");
        await cursors.SaveAsync("wf/fxiaoke/customer", "x");
        // A new store instance on the same database: a restart, or another node.

        Assert.Equal("c2", await cursors.GetAsync("wf/fxiaoke/order"));
        Assert.Equal("x", await cursors.GetAsync("wf/fxiaoke/customer"));
    }

    [Fact]
    public async Task Link_OneRecordRacedToManyHubIdsFromManyNodes_ExactlyOneWins_TheOthersConflict()
    {
        var hubIds = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToList();

        var outcomes = await Task.WhenAll(hubIds.Select(id => Task.Run(async () =>
        {
            try
            {
                await Store().LinkAsync(id, CrmOrder);
                return (Id: id, Linked: true);
            }
            catch (CrossReferenceConflictException)
            {
                return (Id: id, Linked: false);
            }
        })));

        var winner = Assert.Single(outcomes, o => o.Linked).Id;
        Assert.Equal(winner, await Store().FindHubIdAsync(CrmOrder));
        Assert.Equal(1L, await Backend.CountAsync("cross_references"));
    }

    [Fact]
    public async Task Link_OneHubRecordRacedToManyNewExternalIds_KeepsOneLinkPerSystem()
    {
        var hubId = Guid.NewGuid();
        await Store().LinkAsync(hubId, CrmOrder);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Store().LinkAsync(hubId, CrmOrder with { ExternalId = "crm-new-" + i }))));

        var linked = await Store().FindExternalIdAsync(hubId, "fxiaoke", CanonicalEntity.Order);
        Assert.StartsWith("crm-new-", linked, StringComparison.Ordinal);
        Assert.Equal(1L, await Backend.CountAsync("cross_references"));
        Assert.Equal(hubId, await Store().FindHubIdAsync(CrmOrder with { ExternalId = linked! }));
    }

    private ICrossReferenceStore Store() => Backend.CrossReferences();
}

public sealed class SqliteCrossReferenceStoreContractTests : CrossReferenceStoreContract
{
    protected override Task<IStoreBackend> CreateBackendAsync() => Task.FromResult<IStoreBackend>(new SqliteBackend());
}

public sealed class PostgresCrossReferenceStoreContractTests : CrossReferenceStoreContract
{
    protected override async Task<IStoreBackend> CreateBackendAsync() => await PostgresBackend.CreateAsync();
}
