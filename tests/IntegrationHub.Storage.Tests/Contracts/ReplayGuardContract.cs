namespace IntegrationHub.Storage.Tests.Contracts;

/// <summary>What every <see cref="IReplayGuard"/> guarantees, whatever the database under it: shared by every node on the store.</summary>
public abstract class ReplayGuardContract : StoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AKey_IsAcceptedOnce_UntilItExpires_AlsoByASecondGuardOnTheSameStore()
    {
        var first = Backend.ReplayGuard();
        var otherNode = Backend.ReplayGuard();

        Assert.True(await first.TryRecordAsync("webhook:a:sig1", Now, Now.AddMinutes(10)));
        Assert.False(await otherNode.TryRecordAsync("webhook:a:sig1", Now.AddMinutes(9), Now.AddMinutes(19)));
        Assert.True(await otherNode.TryRecordAsync("webhook:a:sig1", Now.AddMinutes(10), Now.AddMinutes(20)));
        Assert.Equal(1L, await Backend.CountAsync("replay_guard"));
    }

    [Fact]
    public async Task ConcurrentRecordsOfOneKey_AcceptExactlyOne()
    {
        var guards = Enumerable.Range(0, 8).Select(_ => Backend.ReplayGuard()).ToList();

        var results = await Task.WhenAll(guards.Select(g => g.TryRecordAsync("webhook:a:race", Now, Now.AddMinutes(10))));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task AForgottenKey_MayBeRecordedAgain_AndExpiredKeysAreRemoved()
    {
        var guard = Backend.ReplayGuard();
        await guard.TryRecordAsync("webhook:a:old", Now, Now.AddMinutes(1));
        await guard.TryRecordAsync("webhook:a:retry", Now, Now.AddMinutes(10));

        await guard.ForgetAsync("webhook:a:retry");

        Assert.True(await guard.TryRecordAsync("webhook:a:retry", Now.AddMinutes(2), Now.AddMinutes(12)));
        Assert.Equal(1L, await Backend.CountAsync("replay_guard"));
    }
}

public sealed class SqliteReplayGuardContractTests : ReplayGuardContract
{
    protected override Task<IStoreBackend> CreateBackendAsync() => Task.FromResult<IStoreBackend>(new SqliteBackend());
}

public sealed class PostgresReplayGuardContractTests : ReplayGuardContract
{
    protected override async Task<IStoreBackend> CreateBackendAsync() => await PostgresBackend.CreateAsync();
}
