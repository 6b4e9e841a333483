namespace IntegrationHub.Storage.Tests.Contracts;

/// <summary>Listing cursors by prefix, on every store.</summary>
public abstract class ConnectorCursorListContract : StoreContract
{
    [Fact]
    public async Task ListByPrefix_ReturnsOnlyThatFlowsCursors_TreatingLikeCharactersLiterally()
    {
        var store = Backend.Cursors();
        await store.SaveAsync("crm-customers/fxiaoke/customer/default", "1000");
        await store.SaveAsync("crm-customers/kingdee/customer/default", "2000");
        await store.SaveAsync("crm-customers-2/fxiaoke/customer/default", "3000");
        await store.SaveAsync("a_b/x/customer/default", "4000");
        await store.SaveAsync("aXb/x/customer/default", "5000");

        var listed = await store.ListAsync("crm-customers/");
        var underscore = await store.ListAsync("a_b/");

        Assert.Equal(["1000", "2000"], listed.Select(c => c.Cursor).ToArray());
        Assert.Equal(["4000"], underscore.Select(c => c.Cursor).ToArray());
    }
}

public sealed class SqliteConnectorCursorListContractTests : ConnectorCursorListContract
{
    protected override Task<IStoreBackend> CreateBackendAsync() => Task.FromResult<IStoreBackend>(new SqliteBackend());
}

public sealed class PostgresConnectorCursorListContractTests : ConnectorCursorListContract
{
    protected override async Task<IStoreBackend> CreateBackendAsync() => await PostgresBackend.CreateAsync();
}
