using System.Text.Json;
using IntegrationHub.Connectors;
using IntegrationHub.Storage.Sqlite;

namespace IntegrationHub.Storage.Tests.Sqlite;

public sealed class SqliteQuarantineStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly StoreFixture _db = new();

    [Fact]
    public async Task ARefusedRecord_IsKeptOnceWithItsLatestReasons_UntilReleased_AndComesBackIfRefusedAgain()
    {
        var store = new SqliteQuarantineStore(_db.Connections());
        await store.QuarantineAsync("crm-customers", Record(1), new Dictionary<string, string> { ["name"] = "name is required" }, Now);
        await store.QuarantineAsync("crm-customers", Record(2), new Dictionary<string, string> { ["phone"] = "phone is bad" }, Now.AddMinutes(1));

        var open = Assert.Single(await store.ListAsync(new QuarantineQuery("crm-customers")));
        Assert.Equal((2, 2L, "phone is bad", Now), (open.Times, open.SourceVersion, open.Reasons["phone"], open.FirstSeen));

        Assert.True(await store.ReleaseAsync("crm-customers", Record(3).Identity, Now.AddMinutes(2)));
        Assert.False(await store.ReleaseAsync("crm-customers", Record(3).Identity, Now.AddMinutes(2)));
        Assert.Empty(await store.ListAsync(new QuarantineQuery("crm-customers")));
        Assert.Single(await store.ListAsync(new QuarantineQuery("crm-customers", IncludeReleased: true)));

        await store.QuarantineAsync("crm-customers", Record(4), new Dictionary<string, string> { ["email"] = "email is bad" }, Now.AddMinutes(3));
        var again = Assert.Single(await store.ListAsync(new QuarantineQuery(Entity: "customer")));
        Assert.Equal((Now.AddMinutes(3), (DateTimeOffset?)null), (again.FirstSeen, again.ReleasedAt));
        Assert.Empty(await store.ListAsync(new QuarantineQuery("other-flow")));
    }

    public void Dispose() => _db.Dispose();

    private static CanonicalRecord Record(long version) =>
        new("fxiaoke", CanonicalEntity.Customer, "A-1", version, JsonSerializer.SerializeToElement(new { name = "" }));
}
