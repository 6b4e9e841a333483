using IntegrationHub.Storage.Sqlite;

namespace IntegrationHub.Storage.Tests.Sqlite;

public sealed class SqliteConnectorCursorListTests : IDisposable
{
    private readonly StoreFixture _db = new();

    [Fact]
    public async Task ListByPrefix_ReturnsOnlyThatFlowsCursors_TreatingLikeCharactersLiterally()
    {
        var store = new SqliteConnectorCursorStore(_db.Connections(), TimeProvider.System);
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

    public void Dispose() => _db.Dispose();
}
