using Dapper;
using IntegrationHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Storage.Tests.Sqlite;

/// <summary>Group commit on a real SQLite file: writes queued while one transaction runs share the next one; each fails alone.</summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly StoreFixture _db = new();

    public SqliteGroupCommitTests()
    {
        using var connection = _db.Connections().OpenAsync().GetAwaiter().GetResult();
        connection.Execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }

    [Fact]
    public async Task WritesQueuedWhileAGroupRuns_ShareTheNextTransaction_AndOneFailingWriteFailsAlone()
    {
        await using var writes = new SqliteGroupCommit(_db.Connections());
        var (first, release) = await HoldTheWriterAsync(writes);
        var second = writes.RunAsync((connection, tx) => Insert(connection, tx, 2, "second"));
        var duplicate = writes.RunAsync((connection, tx) => Insert(connection, tx, 1, "the same key as the first"));
        var third = writes.RunAsync((connection, tx) => Insert(connection, tx, 3, "third"));
        await WaitUntilQueuedAsync(second, duplicate, third);
        release.SetResult();

        await first;
        await second;
        await third;
        var error = await Assert.ThrowsAsync<SqliteException>(() => duplicate);

        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT: the primary key
        Assert.Equal((2L, 4L), (writes.Commits, writes.Writes)); // the first alone, then the three queued behind it together
        Assert.Equal(["first", "second", "third"], await NamesAsync());
    }

    [Fact]
    public async Task AWriteCancelledWhileQueued_NeverRuns()
    {
        await using var writes = new SqliteGroupCommit(_db.Connections());
        var (first, release) = await HoldTheWriterAsync(writes);
        using var cancel = new CancellationTokenSource();
        var cancelled = writes.RunAsync((connection, tx) => Insert(connection, tx, 2, "cancelled"), cancel.Token);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        release.SetResult();
        await first;

        Assert.Equal(["first"], await NamesAsync());
    }

    [Fact]
    public async Task AWriteItsCallerDoesNotKeep_IsUndoneToItsSavepoint_WhileTheRestOfItsGroupCommits()
    {
        await using var writes = new SqliteGroupCommit(_db.Connections());
        var (first, release) = await HoldTheWriterAsync(writes);
        var halfDone = writes.RunAsync(async (connection, tx) =>
        {
            await Insert(connection, tx, 2, "written, then its condition was false");
            return false; // e.g. a conditional DELETE matched nothing after an earlier statement had changed a row
        }, keep: done => done);
        var kept = writes.RunAsync(async (connection, tx) =>
        {
            await Insert(connection, tx, 3, "kept");
            return true;
        }, keep: done => done);
        await WaitUntilQueuedAsync(halfDone, kept);
        release.SetResult();
        await first;

        Assert.False(await halfDone); // its caller still gets its answer
        Assert.True(await kept);
        Assert.Equal((2L, 3L), (writes.Commits, writes.Writes));
        Assert.Equal(["first", "kept"], await NamesAsync());
    }

    [Fact]
    public async Task Dispose_FinishesTheQueuedWrites_ThenRefusesNewOnes()
    {
        var writes = new SqliteGroupCommit(_db.Connections());
        var (first, release) = await HoldTheWriterAsync(writes);
        var queued = writes.RunAsync((connection, tx) => Insert(connection, tx, 2, "queued"));
        var disposing = writes.DisposeAsync().AsTask();
        await WaitUntilQueuedAsync(queued, disposing);
        release.SetResult();
        await disposing;

        Assert.Equal(1, await first);
        Assert.Equal(1, await queued);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writes.RunAsync((connection, tx) => Insert(connection, tx, 3, "late")));
        Assert.Equal(["first", "queued"], await NamesAsync());
    }

    [Fact]
    public async Task ManyConcurrentWrites_EachCommittedOnce()
    {
        await using var writes = new SqliteGroupCommit(_db.Connections());

        await Task.WhenAll(Enumerable.Range(1, 200).Select(i => Task.Run(() => writes.RunAsync((connection, tx) => Insert(connection, tx, i, "n" + i)))));

        Assert.Equal(Enumerable.Range(1, 200).Select(i => "n" + i).Order(StringComparer.Ordinal), (await NamesAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(200, writes.Writes);
        Assert.InRange(writes.Commits, 1, 200); // how many depends on the pace: a commit is quick, so callers often find the writer free
    }

    public void Dispose() => _db.Dispose();

    // Starts a write that inserts "first" (id 1) and then holds the writer until released: the next writes queue up behind its transaction.
    private static async Task<(Task<int> First, TaskCompletionSource Release)> HoldTheWriterAsync(SqliteGroupCommit writes)
    {
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = writes.RunAsync(async (connection, tx) =>
        {
            var inserted = await Insert(connection, tx, 1, "first");
            inside.SetResult();
            await release.Task;
            return inserted;
        });
        await inside.Task;
        return (first, release);
    }

    private static async Task<int> Insert(SqliteConnection connection, SqliteTransaction tx, int id, string name) =>
        await connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (@id, @name)", new { id, name }, tx);

    private async Task<List<string>> NamesAsync()
    {
        await using var connection = await _db.Connections().OpenAsync();
        return (await connection.QueryAsync<string>("SELECT name FROM items ORDER BY id")).ToList();
    }

    // The three callers enqueue and wait at the writer gate; give them a moment to get there (they are not done before the release).
    private static async Task WaitUntilQueuedAsync(params Task[] writes)
    {
        await Task.Delay(200);
        Assert.All(writes, w => Assert.False(w.IsCompleted));
    }
}
