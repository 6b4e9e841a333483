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
        Assert.Single(await store.ListAsync(new QuarantineQuery("crm-customers", Status: null)));

        await store.QuarantineAsync("crm-customers", Record(4), new Dictionary<string, string> { ["email"] = "email is bad" }, Now.AddMinutes(3));
        var again = Assert.Single(await store.ListAsync(new QuarantineQuery(Entity: "customer")));
        Assert.Equal((Now.AddMinutes(3), (DateTimeOffset?)null), (again.FirstSeen, again.ReleasedAt));
        Assert.Empty(await store.ListAsync(new QuarantineQuery("other-flow")));
    }

    [Fact]
    public async Task AReplayIsCountedOnOpenEntriesOnly_AndADiscardIsKeptWithItsReason_UntilANewerVersionIsRefused()
    {
        var store = Backend.Quarantine();
        var reasons = new Dictionary<string, string> { ["name"] = "name is required" };
        await store.QuarantineAsync("crm-customers", Record(5), reasons, Now);
        await store.QuarantineAsync("crm-customers", Record(5, "A-2"), reasons, Now);
        var ids = (await store.ListAsync(new QuarantineQuery("crm-customers"))).ToDictionary(e => e.Record.ExternalId, e => e.Id);

        var replayed = await store.MarkReplayedAsync([ids["A-1"], ids["A-2"], 999_999], Now.AddMinutes(1));
        Assert.Equal([ids["A-1"], ids["A-2"]], replayed.Select(e => e.Id));
        Assert.All(replayed, e => Assert.Equal((1, (DateTimeOffset?)Now.AddMinutes(1)), (e.Replays, e.LastReplayedAt)));

        Assert.True(await store.DiscardAsync(ids["A-2"], "test account, never to be synced", "ops-team", Now.AddMinutes(2)));
        Assert.False(await store.DiscardAsync(ids["A-2"], "twice", "ops-team", Now.AddMinutes(2)));
        Assert.False(await store.ReleaseAsync("crm-customers", Record(5, "A-2").Identity, Now.AddMinutes(2)));
        Assert.Empty(await store.MarkReplayedAsync([ids["A-2"]], Now.AddMinutes(2)));
        var discarded = (await store.GetAsync(ids["A-2"]))!;
        Assert.Equal((QuarantineStatus.Discarded, "test account, never to be synced", "ops-team", Now.AddMinutes(2)),
            (discarded.Status, discarded.Discarded!.Reason, discarded.Discarded.By, discarded.Discarded.At));
        Assert.Equal([ids["A-1"]], (await store.ListAsync(new QuarantineQuery("crm-customers"))).Select(e => e.Id));
        Assert.Equal(2, (await store.ListAsync(new QuarantineQuery("crm-customers", Status: null))).Count);

        await store.QuarantineAsync("crm-customers", Record(5, "A-2"), reasons, Now.AddMinutes(3)); // the same version again: stays given up
        var same = (await store.GetAsync(ids["A-2"]))!;
        Assert.Equal((QuarantineStatus.Discarded, 2, Now), (same.Status, same.Times, same.FirstSeen));
        await store.QuarantineAsync("crm-customers", Record(6, "A-2"), reasons, Now.AddMinutes(4)); // a newer version is a new problem
        var reopened = (await store.GetAsync(ids["A-2"]))!;
        Assert.Equal((QuarantineStatus.Open, null, Now.AddMinutes(4)), (reopened.Status, reopened.Discarded, reopened.FirstSeen));
        Assert.True(await store.ReleaseAsync("crm-customers", Record(6, "A-1").Identity, Now.AddMinutes(5)));
        Assert.Equal(QuarantineStatus.Released, (await store.GetAsync(ids["A-1"]))!.Status);
        await store.QuarantineAsync("crm-customers", Record(5), reasons, Now.AddMinutes(6)); // a replay of the same version refused again
        var replayedAgain = (await store.GetAsync(ids["A-1"]))!;
        Assert.Equal((QuarantineStatus.Open, Now, 2), (replayedAgain.Status, replayedAgain.FirstSeen, replayedAgain.Times));
        Assert.Null(await store.GetAsync(999_999));
    }

    [Fact]
    public async Task TheListing_PagesNewestRefusalFirst_AndFiltersByStatusRecordReasonTextAndTime()
    {
        var store = Backend.Quarantine();
        for (var i = 0; i < 7; i++)
        {
            var reasons = new Dictionary<string, string> { [i % 2 == 0 ? "phone" : "email"] = i % 2 == 0 ? "Not a valid phone number for CN" : "email has no domain" };
            await store.QuarantineAsync("crm-customers", Record(1, $"P-{i}"), reasons, Now.AddSeconds(i % 4)); // last seen ties: 0,1,2,3,0,1,2
        }

        var pages = new List<List<string>>();
        QuarantinePosition? after = null;
        do
        {
            var page = await store.ListAsync(new QuarantineQuery("crm-customers", Limit: 3) { After = after });
            pages.Add([.. page.Select(e => e.Record.ExternalId)]);
            after = page.Count == 3 ? QuarantinePosition.Of(page[^1]) : null;
        }
        while (after is not null);
        // Newest refusal first, a tie broken by the newer entry; no entry twice or missing across pages.
        Assert.Equal([["P-3", "P-6", "P-2"], ["P-5", "P-1", "P-4"], ["P-0"]], pages);

        var released = await store.ListAsync(new QuarantineQuery("crm-customers"));
        Assert.True(await store.ReleaseAsync("crm-customers", Record(2, "P-1").Identity, Now.AddMinutes(1)));
        Assert.True(await store.DiscardAsync(released.Single(e => e.Record.ExternalId == "P-2").Id, "test record", "ops", Now.AddMinutes(1)));
        Assert.Equal(["P-1"], (await store.ListAsync(new QuarantineQuery(Status: QuarantineStatus.Released))).Select(e => e.Record.ExternalId));
        Assert.Equal(["P-2"], (await store.ListAsync(new QuarantineQuery(Status: QuarantineStatus.Discarded))).Select(e => e.Record.ExternalId));
        Assert.Equal(5, (await store.ListAsync(new QuarantineQuery())).Count);
        Assert.Equal(7, (await store.ListAsync(new QuarantineQuery(Status: null))).Count);

        Assert.Equal(["P-4"], (await store.ListAsync(new QuarantineQuery { ExternalId = "P-4" })).Select(e => e.Record.ExternalId));
        Assert.Empty(await store.ListAsync(new QuarantineQuery { ExternalId = "P-2" })); // discarded: not open
        // Text in a reason or a field name, any case; % and _ are taken literally.
        Assert.Equal(["P-6", "P-4", "P-0"], (await store.ListAsync(new QuarantineQuery { ReasonContains = "VALID PHONE" })).Select(e => e.Record.ExternalId));
        Assert.Equal(["P-3", "P-5"], (await store.ListAsync(new QuarantineQuery { ReasonContains = "email" })).Select(e => e.Record.ExternalId));
        Assert.Empty(await store.ListAsync(new QuarantineQuery { ReasonContains = "%" }));
        Assert.Empty(await store.ListAsync(new QuarantineQuery { ReasonContains = "phone_" }));

        // Last refused in [from, to), any status, paged within the range.
        var range = new QuarantineQuery(Status: null, Limit: 2) { SeenFrom = Now.AddSeconds(1), SeenBefore = Now.AddSeconds(3) };
        var first = await store.ListAsync(range);
        var second = await store.ListAsync(range with { After = QuarantinePosition.Of(first[^1]) });
        Assert.Equal(["P-6", "P-2"], first.Select(e => e.Record.ExternalId));
        Assert.Equal(["P-5", "P-1"], second.Select(e => e.Record.ExternalId));
        Assert.Equal(["P-3"], (await store.ListAsync(new QuarantineQuery { SeenFrom = Now.AddSeconds(3) })).Select(e => e.Record.ExternalId));
        Assert.Equal(["P-4", "P-0"], (await store.ListAsync(new QuarantineQuery { SeenBefore = Now.AddSeconds(1) })).Select(e => e.Record.ExternalId));
    }

    private static CanonicalRecord Record(long version, string externalId = "A-1") =>
        new("fxiaoke", CanonicalEntity.Customer, externalId, version, JsonSerializer.SerializeToElement(new { name = "" }));
}

public sealed class SqliteQuarantineStoreContractTests : QuarantineStoreContract
{
    protected override Task<IStoreBackend> CreateBackendAsync() => Task.FromResult<IStoreBackend>(new SqliteBackend());
}

public sealed class PostgresQuarantineStoreContractTests : QuarantineStoreContract
{
    protected override async Task<IStoreBackend> CreateBackendAsync() => await PostgresBackend.CreateAsync();
}
