using System.Text;

namespace IntegrationHub.Storage.Tests.Contracts;

/// <summary>What every <see cref="IDeadLetterStore"/> guarantees, whatever the database under it.</summary>
public abstract class DeadLetterStoreContract : StoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AFailure_IsKeptWithEverythingAboutIt_AndRecordingItAgainAfterACrashChangesNothing()
    {
        var store = Backend.DeadLetters();
        var instance = Guid.NewGuid();
        var payload = new byte[] { 0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d, 0x00, 0xff }; // not valid UTF-8 at the end: kept byte for byte
        var failure = Failure("erp.orders", 2, 41, "CRM refused: 422 bad phone 100%_sure") with
        {
            Headers = [new("ce_id", "evt-41"), new("binary", Convert.ToBase64String([0xff, 0x00]), Base64: true)],
            Payload = payload, Workflow = "erp-orders-to-crm", InstanceId = instance,
        };

        var id = await store.RecordAsync(failure);
        Assert.Equal(id, await store.RecordAsync(failure with { FailedAt = Now.AddMinutes(1) })); // the same record again: the same entry, unchanged

        var entry = (await store.GetAsync(id))!;
        Assert.Equal(("erp.orders", 2, 41L, "hub.erp-orders", "erp.orders.dlq", "erp-orders-to-crm", "SO-41"),
            (entry.Topic, entry.Partition, entry.Offset, entry.ConsumerGroup, entry.DeadLetterTopic, entry.Flow, entry.Key));
        Assert.Equal(payload, entry.Payload);
        Assert.Equal([new DeadLetterHeader("ce_id", "evt-41"), new DeadLetterHeader("binary", "/wA=", true)], entry.Headers);
        Assert.Equal(("CRM refused: 422 bad phone 100%_sure", "System.Exception", 5, 1, "erp-orders-to-crm", (Guid?)instance),
            (entry.Reason, entry.ExceptionType, entry.Attempts, entry.Failures, entry.Workflow, entry.InstanceId));
        Assert.Equal((Now, Now, DeadLetterStatus.Open, 0), (entry.FirstFailedAt, entry.LastFailedAt, entry.Status, entry.Replays));
        Assert.Empty(entry.History);
        Assert.Null(await store.GetAsync(id + 1000));
    }

    [Fact]
    public async Task ReplayedAndFailingAgain_ReopensTheSameEntryWithItsHistory_OncePerCopy_AndASuccessResolvesIt()
    {
        var store = Backend.DeadLetters();
        var id = await store.RecordAsync(Failure("erp.orders", 0, 7, "timeout"));
        Assert.True(await store.MarkReplayedAsync(id, "ops", Now.AddMinutes(5), 1));
        Assert.Equal(DeadLetterStatus.Replayed, (await store.GetAsync(id))!.Status);

        var again = Failure("erp.orders", 1, 900, "still 422") with { ReplayOf = id, FailedAt = Now.AddMinutes(6), Attempts = 3, InstanceId = Guid.NewGuid() };
        Assert.Equal(id, await store.RecordAsync(again));
        Assert.Equal(id, await store.RecordAsync(again)); // the copy recorded twice (a crash before its commit): counted once

        var reopened = (await store.GetAsync(id))!;
        Assert.Equal((DeadLetterStatus.Open, "still 422", 8, 2, 1, Now, Now.AddMinutes(6)),
            (reopened.Status, reopened.Reason, reopened.Attempts, reopened.Failures, reopened.Replays, reopened.FirstFailedAt, reopened.LastFailedAt));
        Assert.Equal((0, 7L), (reopened.Partition, reopened.Offset)); // where the original was; the copy is in the history
        Assert.Equal(again.InstanceId, reopened.InstanceId);
        Assert.Equal(["replayed", "failed"], reopened.History.Select(h => h.Event));
        Assert.Equal((1, 900L, "still 422", "ops"), (reopened.History[1].Partition!.Value, reopened.History[1].Offset!.Value, reopened.History[1].Reason, reopened.History[0].By));

        // A copy that fails before its replay is marked (a fast consumer) leaves the entry open; its success resolves it.
        var fast = Failure("erp.orders", 1, 901, "fast 422") with { ReplayOf = id, FailedAt = Now.AddMinutes(7) };
        Assert.Equal(id, await store.RecordAsync(fast));
        Assert.True(await store.MarkReplayedAsync(id, "ops", Now.AddMinutes(8), failuresSeen: 2));
        Assert.Equal((DeadLetterStatus.Open, 3, 2), ((await store.GetAsync(id))!.Status, (await store.GetAsync(id))!.Failures, (await store.GetAsync(id))!.Replays));
        Assert.True(await store.ResolveAsync(id, Now.AddMinutes(9)));
        var resolved = (await store.GetAsync(id))!;
        Assert.Equal((DeadLetterStatus.Resolved, (DateTimeOffset?)Now.AddMinutes(9), 2), (resolved.Status, resolved.ResolvedAt, resolved.Replays));
        Assert.False(await store.MarkReplayedAsync(id, "ops", Now.AddMinutes(10), 3)); // resolved is final
        Assert.False(await store.DiscardAsync(id, "late", "ops", Now.AddMinutes(10)));
    }

    [Fact]
    public async Task ACopyNamingAnUnknownEntry_IsRecordedAsAFailureOfItsOwn()
    {
        var store = Backend.DeadLetters();
        var id = await store.RecordAsync(Failure("erp.orders", 0, 3, "bad") with { ReplayOf = 987654 });
        var entry = (await store.GetAsync(id))!;
        Assert.Equal((3L, 1, DeadLetterStatus.Open), (entry.Offset, entry.Failures, entry.Status));
    }

    [Fact]
    public async Task ADiscard_KeepsTheEntryAsAnAuditWithWhoAndWhy()
    {
        var store = Backend.DeadLetters();
        var id = await store.RecordAsync(Failure("erp.orders", 0, 1, "bad"));
        Assert.True(await store.DiscardAsync(id, "test order, never real", "alice", Now.AddHours(1)));
        Assert.False(await store.DiscardAsync(id, "twice", "bob", Now.AddHours(2)));
        Assert.False(await store.MarkReplayedAsync(id, "bob", Now.AddHours(2), 1));
        var entry = (await store.GetAsync(id))!;
        Assert.Equal((DeadLetterStatus.Discarded, "test order, never real", "alice", (DateTimeOffset?)Now.AddHours(1)),
            (entry.Status, entry.DiscardReason, entry.DiscardedBy, entry.DiscardedAt));
        Assert.Equal(("discarded", "alice", "test order, never real"), (entry.History[0].Event, entry.History[0].By, entry.History[0].Reason));
    }

    [Fact]
    public async Task TheListing_FiltersByTopicFlowReasonStatusAndTime_NewestFirst_InPagesWithoutGapsOrRepeats()
    {
        var store = Backend.DeadLetters();
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await store.RecordAsync(Failure(i < 5 ? "erp.orders" : "crm.changes", 0, i, i % 2 == 0 ? "Timeout calling CRM" : "422 invalid phone")
                with { Flow = i < 5 ? "orders" : "changes", FailedAt = Now.AddMinutes(i) }));
        }

        await store.DiscardAsync(ids[0], "noise", "ops", Now.AddHours(1));
        var all = await store.ListAsync(new DeadLetterQuery(), 0, 100);
        Assert.Equal(ids.AsEnumerable().Reverse(), all.Select(e => e.Id));

        Assert.Equal(5, (await store.ListAsync(new DeadLetterQuery(Topic: "erp.orders"), 0, 100)).Count);
        Assert.Equal(2, (await store.ListAsync(new DeadLetterQuery(Flow: "changes"), 0, 100)).Count);
        Assert.Equal([ids[6], ids[4], ids[2], ids[0]], (await store.ListAsync(new DeadLetterQuery(ReasonContains: "timeout"), 0, 100)).Select(e => e.Id)); // any case
        Assert.Empty(await store.ListAsync(new DeadLetterQuery(ReasonContains: "%"), 0, 100)); // LIKE characters are literal
        Assert.Equal([ids[0]], (await store.ListAsync(new DeadLetterQuery(Status: DeadLetterStatus.Discarded), 0, 100)).Select(e => e.Id));
        Assert.Equal([ids[3], ids[2]], (await store.ListAsync(new DeadLetterQuery(From: Now.AddMinutes(2), To: Now.AddMinutes(4)), 0, 100)).Select(e => e.Id));

        var pages = new List<long>();
        var before = 0L;
        while (true)
        {
            var page = await store.ListAsync(new DeadLetterQuery(Topic: "erp.orders"), before, 2);
            pages.AddRange(page.Select(e => e.Id));
            if (page.Count < 2)
            {
                break;
            }

            before = page[^1].Id;
        }

        Assert.Equal(ids.Take(5).Reverse(), pages);
        Assert.Equal(
            [("changes", DeadLetterStatus.Open, 2L), ("orders", DeadLetterStatus.Discarded, 1L), ("orders", DeadLetterStatus.Open, 4L)],
            (await store.CountByStatusAsync()).Select(c => (c.Flow, c.Status, c.Count)));
    }

    private static DeadLetterFailure Failure(string topic, int partition, long offset, string reason) =>
        new(topic, partition, offset, "hub.erp-orders", topic + ".dlq", "erp-orders-to-crm", "SO-" + offset, [], Encoding.UTF8.GetBytes("{}"),
            reason, "System.Exception", 5, null, null, Now);
}

public sealed class SqliteDeadLetterStoreContractTests : DeadLetterStoreContract
{
    protected override Task<IStoreBackend> CreateBackendAsync() => Task.FromResult<IStoreBackend>(new SqliteBackend());
}

public sealed class PostgresDeadLetterStoreContractTests : DeadLetterStoreContract
{
    protected override async Task<IStoreBackend> CreateBackendAsync() => await PostgresBackend.CreateAsync();
}
