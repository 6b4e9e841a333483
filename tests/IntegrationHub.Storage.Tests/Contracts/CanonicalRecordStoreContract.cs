using System.Text;
using System.Text.Json;
using IntegrationHub.Connectors;
using IntegrationHub.Messaging;

namespace IntegrationHub.Storage.Tests.Contracts;

/// <summary>What every <see cref="ICanonicalRecordStore"/> guarantees, whatever the database under it.</summary>
public abstract class CanonicalRecordStoreContract : StoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid HubId = Guid.NewGuid();

    [Fact]
    public async Task Observe_ChangedUnchangedStale_OnlyAChangeWritesAndQueuesItsEvent()
    {
        var store = Store();

        var first = await store.ObserveAsync(HubId, Record("crm", 5, "Acme"), "h1", Now, Event("e1"));
        var same = await store.ObserveAsync(HubId, Record("crm", 6, "Acme"), "h1", Now, Event("e2"));
        var older = await store.ObserveAsync(HubId, Record("crm", 4, "Old"), "h0", Now, Event("e3"));
        var newer = await store.ObserveAsync(HubId, Record("crm", 7, "Acme Ltd"), "h2", Now.AddMinutes(1), Event("e4"));
        // Another source system's versions are not comparable: its different content is a change.
        var otherSource = await store.ObserveAsync(HubId, Record("erp", 1, "ACME LTD"), "h3", Now.AddMinutes(2), Event("e5"));

        Assert.Equal([ObservationOutcome.Changed, ObservationOutcome.Unchanged, ObservationOutcome.Stale, ObservationOutcome.Changed, ObservationOutcome.Changed],
            new[] { first, same, older, newer, otherSource });
        var state = await store.GetAsync(HubId);
        Assert.Equal(("erp", 1L, "h3", "ACME LTD"), (state!.Source.System, state.SourceVersion, state.Hash, state.Payload.GetProperty("name").GetString()));
        var events = await store.ListPendingEventsAsync(10);
        Assert.Equal(["e1", "e4", "e5"], events.Select(e => e.Message.Event.Id).ToArray());
    }

    [Fact]
    public async Task AnObservationBasedOnAnOlderState_IsAConflict_AndWritesNothing()
    {
        var store = Store();
        await store.ObserveAsync(HubId, Record("crm", 1, "Acme"), "h1", Now, null, basedOnHash: null);
        await store.ObserveAsync(HubId, Record("erp", 1, "ACME"), "h2", Now, null, basedOnHash: "h1");

        var stale = await store.ObserveAsync(HubId, Record("crm", 2, "Acme Ltd"), "h3", Now, Event("e1"), basedOnHash: "h1");
        var fresh = await store.ObserveAsync(HubId, Record("crm", 2, "Acme Ltd"), "h3", Now, Event("e2"), basedOnHash: "h2");
        var creating = await store.ObserveAsync(Guid.NewGuid(), Record("crm", 1, "New"), "h9", Now, null, basedOnHash: "h1");

        Assert.Equal((ObservationOutcome.Conflict, ObservationOutcome.Changed, ObservationOutcome.Conflict), (stale, fresh, creating));
        Assert.Equal(["e2"], (await store.ListPendingEventsAsync(10)).Select(e => e.Message.Event.Id).ToArray());
    }

    [Fact]
    public async Task PublishedEvents_AreNoLongerPending_AndTheRestKeepTheirOrder()
    {
        var store = Store();
        for (var i = 1; i <= 3; i++)
        {
            await store.ObserveAsync(Guid.NewGuid(), Record("crm", 1, $"c{i}"), $"h{i}", Now, Event($"e{i}"));
        }

        var pending = await store.ListPendingEventsAsync(10);
        await store.MarkEventPublishedAsync(pending[0].Id, new PublishReceipt("crm.customers", 0, 17), Now);

        Assert.Equal(["e2", "e3"], (await store.ListPendingEventsAsync(10)).Select(e => e.Message.Event.Id).ToArray());
        Assert.Equal(3L, await Backend.CountAsync("record_events"));
    }

    [Fact]
    public async Task TargetWrites_AreRememberedPerTargetAndRecord_AndReplaced()
    {
        var store = Store();
        var source = new RecordIdentity("crm", CanonicalEntity.Customer, "A-1");

        await store.SaveWriteAsync(new TargetWrite("kingdee", CanonicalEntity.Customer, HubId, source, 5, "h1", "K-9", Now));
        await store.SaveWriteAsync(new TargetWrite("kingdee", CanonicalEntity.Customer, HubId, source, 6, "h2", "K-9", Now.AddMinutes(1)));
        await store.SaveWriteAsync(new TargetWrite("xero", CanonicalEntity.Customer, HubId, source, 5, "h1", "X-3", Now));

        var kingdee = await store.GetWriteAsync("kingdee", CanonicalEntity.Customer, HubId);
        Assert.Equal((6L, "h2", "K-9"), (kingdee!.SourceVersion, kingdee.Hash, kingdee.TargetId));
        Assert.Equal("X-3", (await store.GetWriteAsync("xero", CanonicalEntity.Customer, HubId))!.TargetId);
        Assert.Null(await store.GetWriteAsync("mailchimp", CanonicalEntity.Customer, HubId));
    }

    [Fact]
    public async Task Observe_ANewRecordMergedOnSixNodesAtOnce_OneChangeWins_TheOthersConflict()
    {
        // Each node read "no state yet" and merged against it: only the first commit may stand, the rest must read again.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(n => Task.Run(() =>
            Store().ObserveAsync(HubId, Record("crm", 1, "name-" + n), "h-" + n, Now, Event("race-" + n), basedOnHash: null))));

        Assert.Equal(1, outcomes.Count(o => o == ObservationOutcome.Changed));
        Assert.Equal(5, outcomes.Count(o => o == ObservationOutcome.Conflict));
        var winner = Array.IndexOf(outcomes, ObservationOutcome.Changed);
        Assert.Equal("h-" + winner, (await Store().GetAsync(HubId))!.Hash);
        Assert.Equal(["race-" + winner], (await Store().ListPendingEventsAsync(10)).Select(e => e.Message.Event.Id).ToArray());
    }

    private ICanonicalRecordStore Store() => Backend.CanonicalRecords();

    private static CanonicalRecord Record(string system, long version, string name) =>
        new(system, CanonicalEntity.Customer, "A-1", version, JsonSerializer.SerializeToElement(new { name }));

    private static OutgoingMessage Event(string id) => new("crm.customers", HubId.ToString(), new CloudEvent
    {
        Id = id,
        Source = new Uri("/test", UriKind.Relative),
        Type = "hub.customer.changed",
        Time = Now,
        Data = Encoding.UTF8.GetBytes("{}"),
    });
}

public sealed class SqliteCanonicalRecordStoreContractTests : CanonicalRecordStoreContract
{
    protected override Task<IStoreBackend> CreateBackendAsync() => Task.FromResult<IStoreBackend>(new SqliteBackend());
}

public sealed class PostgresCanonicalRecordStoreContractTests : CanonicalRecordStoreContract
{
    protected override async Task<IStoreBackend> CreateBackendAsync() => await PostgresBackend.CreateAsync();
}
