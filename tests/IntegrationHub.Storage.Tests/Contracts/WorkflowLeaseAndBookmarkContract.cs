namespace IntegrationHub.Storage.Tests.Contracts;

/// <summary>Leases (one owner at a time, taken over after expiry) and bookmarks (found by event or due time, consumed once), on every store.</summary>
public abstract class WorkflowLeaseAndBookmarkContract : StoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Lease_OneOwnerAtATime_TakenOverOnlyAfterExpiry()
    {
        var id = await CreateAsync("Running", "Executing", owner: "node-a", expires: T0.AddSeconds(30));

        var secondWhileHeld = await Store().TryAcquireLeaseAsync(id, "node-b", T0.AddSeconds(10), T0.AddSeconds(40));
        var sameOwnerAgain = await Store().TryAcquireLeaseAsync(id, "node-a", T0.AddSeconds(10), T0.AddSeconds(40));
        var renewedByOwner = await Store().RenewLeaseAsync(id, "node-a", T0.AddSeconds(50));
        var afterExpiry = await Store().TryAcquireLeaseAsync(id, "node-b", T0.AddSeconds(51), T0.AddSeconds(80));
        var renewByLoser = await Store().RenewLeaseAsync(id, "node-a", T0.AddSeconds(90));
        var saveByLoser = await Store().SaveOwnedAsync(Record(id, "Finished", "Finished"), [], "node-a", release: true);
        var saveByOwner = await Store().SaveOwnedAsync(Record(id, "Suspended", "Suspended"), [], "node-b", release: true);
        var freeAgain = await Store().TryAcquireLeaseAsync(id, "node-c", T0.AddSeconds(52), T0.AddSeconds(82));

        Assert.False(secondWhileHeld);
        Assert.False(sameOwnerAgain); // a second operation of the same node waits too
        Assert.True(renewedByOwner);
        Assert.True(afterExpiry);
        Assert.False(renewByLoser);
        Assert.False(saveByLoser);
        Assert.True(saveByOwner);
        Assert.True(freeAgain);
        Assert.Equal("Suspended", (await Store().GetAsync(id))!.Status);
    }

    [Fact]
    public async Task StartKey_OneInstancePerKey_TheLosersWriteNothingAndLearnTheWinner()
    {
        var racers = Enumerable.Range(0, 8).Select(_ => Guid.CreateVersion7()).ToList();

        // Eight nodes start the same schedule slot at once; another key is free.
        var answers = await Task.WhenAll(racers.Select(id => Store().CreateOwnedOnceAsync(Record(id, "Running", "Executing"), "schedule:pulse:T1", "node-" + id, T0.AddSeconds(30))));
        var other = await Store().CreateOwnedOnceAsync(Record(Guid.CreateVersion7(), "Running", "Executing"), "schedule:pulse:T2", "node-x", T0.AddSeconds(30));
        var winner = racers[Array.FindIndex(answers, a => a is null)];

        Assert.Single(answers, a => a is null);
        Assert.All(answers.Where(a => a is not null), a => Assert.Equal(winner, a));
        Assert.Null(other);
        foreach (var loser in racers.Where(id => id != winner))
        {
            Assert.Null(await Store().GetAsync(loser)); // nothing written
        }

        Assert.NotNull(await Store().GetAsync(winner));
        Assert.Equal(2, await Backend.CountAsync("workflow_instances"));

        // A plain insert carries no key: any number of instances may share a correlation id.
        await CreateAsync("Running", "Executing", "node-y", T0.AddSeconds(30));
        await CreateAsync("Running", "Executing", "node-z", T0.AddSeconds(30));
        Assert.Equal(4, await Backend.CountAsync("workflow_instances"));
    }

    [Fact]
    public async Task Orphans_AreRunningInstancesWithAnExpiredLease()
    {
        var orphan = await CreateAsync("Running", "Executing", "dead-node", T0.AddSeconds(5));
        await CreateAsync("Running", "Executing", "live-node", T0.AddSeconds(60));
        await CreateAsync("Suspended", "Suspended", null, null);

        var found = await Store().ListOrphanedAsync(T0.AddSeconds(10), 10);

        Assert.Equal([orphan], found);
    }

    [Fact]
    public async Task Bookmarks_FoundByEventAndCorrelation_AndByDueTime_DeletedWithTheInstance()
    {
        var a = await SuspendAsync(new Bookmark("approved", "SO-1", null));
        var b = await SuspendAsync(new Bookmark("approved", null, T0.AddMinutes(10)));
        var c = await SuspendAsync(new Bookmark(null, null, T0.AddMinutes(5)));

        var so1 = await Store().FindForEventAsync("approved", "SO-1", 10);
        var so2 = await Store().FindForEventAsync("approved", "SO-2", 10);
        var due = await Store().ListDueAsync(T0.AddMinutes(7), 10);
        var next = await Store().NextDueAtAsync();
        await Store().DeleteFinishedBeforeAsync(T0.AddDays(1)); // suspended instances are kept
        var stillThere = await Store().ListForInstanceAsync(a);

        Assert.Equal([a, b], so1.Select(x => x.InstanceId).Order().ToArray());
        Assert.Equal([b], so2.Select(x => x.InstanceId).ToArray());
        Assert.Equal([c], due.Select(x => x.InstanceId).ToArray());
        Assert.Equal(T0.AddMinutes(5), next);
        Assert.Single(stillThere);
    }

    [Fact]
    public async Task Consume_TwoConcurrentResumesOfOneBookmark_ExactlyOneWins()
    {
        var id = await SuspendAsync(new Bookmark("approved", "SO-1", T0.AddMinutes(1)));
        var bookmark = (await Store().ListForInstanceAsync(id)).Single();
        Assert.True(await Store().TryAcquireLeaseAsync(id, "node-a", T0, T0.AddSeconds(30)));

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => Store().TryConsumeAsync(bookmark.BookmarkId, id, "node-a", """{"kind":"Event"}"""))));

        Assert.Equal(1, results.Count(r => r));
        var instance = (await Store().GetAsync(id))!;
        Assert.Equal(("Running", "Executing", """{"kind":"Event"}"""), (instance.Status, instance.SubStatus, instance.StimulusJson));
        Assert.Empty(await Store().ListForInstanceAsync(id));
        Assert.Null(await Store().NextDueAtAsync());
    }

    [Fact]
    public async Task Lease_ExpiredLeaseRacedByEightNodes_ExactlyOneTakesIt()
    {
        var id = await CreateAsync("Running", "Executing", "dead-node", T0.AddSeconds(5));

        var taken = await Task.WhenAll(Enumerable.Range(0, 8).Select(n => Task.Run(() => Store().TryAcquireLeaseAsync(id, "node-" + n, T0.AddSeconds(10), T0.AddSeconds(40)))));

        Assert.Equal(1, taken.Count(t => t));
        var winner = "node-" + Array.IndexOf(taken, true);
        Assert.True(await Store().RenewLeaseAsync(id, winner, T0.AddSeconds(50)));
        Assert.All(Enumerable.Range(0, 8).Select(n => "node-" + n).Where(n => n != winner), n => Assert.False(Store().RenewLeaseAsync(id, n, T0.AddSeconds(50)).Result));
    }

    [Fact]
    public async Task Consume_OneQueuedEventRacedBySixWaitingInstances_GoesToExactlyOne()
    {
        var pending = await Backend.EventQueue().EnqueueAsync("approved", "SO-9", null, T0, T0.AddMinutes(10));
        var waiting = new List<(Guid Id, Guid Bookmark)>();
        for (var i = 0; i < 6; i++)
        {
            var id = await SuspendAsync(new Bookmark("approved", "SO-9", null));
            Assert.True(await Store().TryAcquireLeaseAsync(id, "node-" + i, T0, T0.AddSeconds(30)));
            waiting.Add((id, (await Store().ListForInstanceAsync(id)).Single().BookmarkId));
        }

        var resumed = await Task.WhenAll(waiting.Select((w, i) => Task.Run(() => Store().TryConsumeAsync(w.Bookmark, w.Id, "node-" + i, "{}", pending.Id))));

        Assert.Equal(1, resumed.Count(r => r));
        Assert.Null(await Backend.EventQueue().FindForBookmarkAsync("approved", "SO-9", T0));
        foreach (var (w, won) in waiting.Zip(resumed))
        {
            Assert.Equal(won ? "Running" : "Suspended", (await Store().GetAsync(w.Id))!.Status);
            Assert.Equal(won ? 0 : 1, (await Store().ListForInstanceAsync(w.Id)).Count);
        }
    }

    [Fact]
    public async Task Consume_WithoutTheLease_DoesNothing()
    {
        var id = await SuspendAsync(new Bookmark("approved", null, null));
        var bookmark = (await Store().ListForInstanceAsync(id)).Single();

        Assert.False(await Store().TryConsumeAsync(bookmark.BookmarkId, id, "node-x", "{}"));
        Assert.Single(await Store().ListForInstanceAsync(id));
    }

    [Fact]
    public async Task Consume_WithAQueuedEvent_ButWithoutTheLease_LeavesTheEventQueued()
    {
        // The event is taken first, then the bookmark's condition fails: the write is undone to its savepoint, so the
        // event stays for the instance that can take it.
        var queue = Backend.EventQueue();
        var pending = await queue.EnqueueAsync("approved", "SO-1", null, T0, T0.AddMinutes(10));
        var id = await SuspendAsync(new Bookmark("approved", "SO-1", null));
        var bookmark = (await Store().ListForInstanceAsync(id)).Single();

        Assert.False(await Store().TryConsumeAsync(bookmark.BookmarkId, id, "node-x", "{}", pending.Id));

        Assert.Equal(pending.Id, (await queue.FindForBookmarkAsync("approved", "SO-1", T0))?.Id);
        Assert.Single(await Store().ListForInstanceAsync(id));
    }

    [Fact]
    public async Task QueuedEvent_MatchedByNameAndCorrelation_UntilItExpires_AndPurged()
    {
        var queue = Backend.EventQueue();
        var so1 = await queue.EnqueueAsync("approved", "SO-1", """{"by":"alice"}""", T0, T0.AddMinutes(10));
        await queue.EnqueueAsync("approved", "SO-2", null, T0, T0.AddMinutes(1));

        Assert.Equal(so1.Id, (await queue.FindForBookmarkAsync("approved", "SO-1", T0.AddMinutes(5)))?.Id);
        Assert.Equal("""{"by":"alice"}""", (await queue.FindForBookmarkAsync("approved", "SO-1", T0))!.PayloadJson);
        Assert.Null(await queue.FindForBookmarkAsync("approved", "SO-3", T0));   // another correlation
        Assert.Null(await queue.FindForBookmarkAsync("rejected", "SO-1", T0));   // another event
        Assert.Equal(so1.Id, (await queue.FindForBookmarkAsync("approved", null, T0))?.Id); // no key: the oldest of that name
        Assert.Null(await queue.FindForBookmarkAsync("approved", "SO-2", T0.AddMinutes(2))); // expired, not yet purged
        Assert.Equal(1, await queue.PurgeExpiredAsync(T0.AddMinutes(2)));
        Assert.NotNull(await queue.FindForBookmarkAsync("approved", "SO-1", T0.AddMinutes(2)));
    }

    [Fact]
    public async Task Consume_WithAQueuedEvent_TakesItInTheSameTransaction_AndFailsWhenAnotherTookItFirst()
    {
        var queue = Backend.EventQueue();
        var pending = await queue.EnqueueAsync("approved", "SO-1", null, T0, T0.AddMinutes(10));
        var first = await SuspendAsync(new Bookmark("approved", "SO-1", null));
        var second = await SuspendAsync(new Bookmark("approved", "SO-1", null));
        Assert.True(await Store().TryAcquireLeaseAsync(first, "node-a", T0, T0.AddSeconds(30)));
        Assert.True(await Store().TryAcquireLeaseAsync(second, "node-a", T0, T0.AddSeconds(30)));
        var firstMark = (await Store().ListForInstanceAsync(first)).Single();
        var secondMark = (await Store().ListForInstanceAsync(second)).Single();

        Assert.True(await Store().TryConsumeAsync(firstMark.BookmarkId, first, "node-a", "{}", pending.Id));
        Assert.False(await Store().TryConsumeAsync(secondMark.BookmarkId, second, "node-a", "{}", pending.Id));

        Assert.Null(await queue.FindForBookmarkAsync("approved", "SO-1", T0));
        Assert.Single(await Store().ListForInstanceAsync(second)); // rolled back: still waiting
        Assert.Equal("Suspended", (await Store().GetAsync(second))!.Status);
    }

    private IWorkflowStore Store() => Backend.Workflows();

    private async Task<Guid> CreateAsync(string status, string subStatus, string? owner, DateTimeOffset? expires)
    {
        var id = Guid.CreateVersion7();
        if (owner is null)
        {
            await Store().SaveAsync(Record(id, status, subStatus));
        }
        else
        {
            await Store().CreateOwnedAsync(Record(id, status, subStatus), owner, expires!.Value);
        }

        return id;
    }

    private async Task<Guid> SuspendAsync(Bookmark bookmark)
    {
        var id = await CreateAsync("Running", "Executing", "node-s", T0.AddSeconds(30));
        var record = new WorkflowBookmarkRecord(Guid.CreateVersion7(), id, "wait", bookmark.Name is null ? "Timer" : "Event", bookmark.Name, bookmark.Key, bookmark.Due);
        Assert.True(await Store().SaveOwnedAsync(Record(id, "Suspended", "Suspended"), [record], "node-s", release: true));
        return id;
    }

    private static WorkflowInstanceRecord Record(Guid id, string status, string subStatus) =>
        new(id, "flow", 1, status, subStatus, null, T0, status == "Finished" ? T0 : null, "{}", "[]", null, null, status == "Suspended" ? """{"path":["root","wait"],"frames":{}}""" : null);

    private sealed record Bookmark(string? Name, string? Key, DateTimeOffset? Due);
}

public sealed class SqliteWorkflowLeaseAndBookmarkContractTests : WorkflowLeaseAndBookmarkContract
{
    protected override Task<IStoreBackend> CreateBackendAsync() => Task.FromResult<IStoreBackend>(new SqliteBackend());
}

public sealed class PostgresWorkflowLeaseAndBookmarkContractTests : WorkflowLeaseAndBookmarkContract
{
    protected override async Task<IStoreBackend> CreateBackendAsync() => await PostgresBackend.CreateAsync();
}
