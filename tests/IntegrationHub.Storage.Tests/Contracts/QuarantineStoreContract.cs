using System.Text.Json;
using IntegrationHub.Connectors;

namespace IntegrationHub.Storage.Tests.Contracts;

/// <summary>What every <see cref="IQuarantineStore"/> guarantees, whatever the database under it.</summary>
public abstract class QuarantineStoreContract : StoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ARefusedRecord_IsKeptOnceWithItsLatestReasons_UntilReleased_AndComesBackIfRefusedAgain()
    {
        var store = Backend.Quarantine();
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

    private static CanonicalRecord Record(long version) =>
        new("fxiaoke", CanonicalEntity.Customer, "A-1", version, JsonSerializer.SerializeToElement(new { name = "" }));
}

public sealed class SqliteQuarantineStoreContractTests : QuarantineStoreContract
{
    protected override Task<IStoreBackend> CreateBackendAsync() => Task.FromResult<IStoreBackend>(new SqliteBackend());
}

public sealed class PostgresQuarantineStoreContractTests : QuarantineStoreContract
{
    protected override async Task<IStoreBackend> CreateBackendAsync() => await PostgresBackend.CreateAsync();
}
