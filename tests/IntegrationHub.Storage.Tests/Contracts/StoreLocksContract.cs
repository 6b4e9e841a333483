namespace IntegrationHub.Storage.Tests.Contracts;

/// <summary>What every <see cref="IStoreLocks"/> guarantees: one holder of a name at a time, across every node on the store.</summary>
public abstract class StoreLocksContract : StoreContract
{
    [Fact]
    public async Task ALock_HasOneHolderAtATime_UntilItIsReleased_AndNamesAreIndependent()
    {
        var nodeA = Backend.Locks();
        var nodeB = Backend.Locks();

        var held = await nodeA.TryAcquireAsync("record-events");
        Assert.NotNull(held);
        Assert.Null(await nodeB.TryAcquireAsync("record-events"));
        Assert.Null(await nodeA.TryAcquireAsync("record-events")); // not re-entrant: a second pass of the same node waits too
        await using (var other = await nodeB.TryAcquireAsync("orders-outbox"))
        {
            Assert.NotNull(other);
        }

        await held!.DisposeAsync();
        await held.DisposeAsync(); // releasing twice is harmless
        await using var next = await nodeB.TryAcquireAsync("record-events");
        Assert.NotNull(next);
    }

    [Fact]
    public async Task ManyNodesRacingForALock_ExactlyOneGetsIt()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Backend.Locks().TryAcquireAsync("orders-outbox"))));

        Assert.Single(attempts, a => a is not null);
        foreach (var a in attempts.Where(a => a is not null))
        {
            await a!.DisposeAsync();
        }
    }
}

public sealed class SqliteStoreLocksContractTests : StoreLocksContract
{
    protected override Task<IStoreBackend> CreateBackendAsync() => Task.FromResult<IStoreBackend>(new SqliteBackend());
}

public sealed class PostgresStoreLocksContractTests : StoreLocksContract
{
    protected override async Task<IStoreBackend> CreateBackendAsync() => await PostgresBackend.CreateAsync();

    [Fact]
    public async Task AHolderWhoseSessionDies_LosesTheLock_AndAnotherNodeTakesIt()
    {
        var held = await Backend.Locks().TryAcquireAsync("record-events");
        Assert.NotNull(held);

        // The holder's database session ends as it would when its node is killed.
        var backend = (PostgresBackend)Backend;
        await using (var admin = await backend.Node().OpenConnectionAsync())
        await using (var kill = new Npgsql.NpgsqlCommand(
            """
            SELECT bool_and(pg_terminate_backend(pid)) FROM pg_locks
             WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = x'4C4F434B'::int::oid
               AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, admin))
        {
            Assert.True((bool)(await kill.ExecuteScalarAsync())!);
        }

        var taken = await Eventually(() => Backend.Locks().TryAcquireAsync("record-events"));
        Assert.NotNull(taken);
        await held!.DisposeAsync(); // the dead holder's release finds its session gone and does nothing
        await taken!.DisposeAsync();
    }

    private static async Task<IAsyncDisposable?> Eventually(Func<Task<IAsyncDisposable?>> attempt)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await attempt() is { } got)
            {
                return got;
            }

            await Task.Delay(100);
        }

        return null;
    }
}
