using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>
/// Group commit: concurrent writes share one transaction and so one commit (one WAL append and, with
/// <c>Store:Synchronous = full</c>, the default, one sync). Callers queue their writes; one writer loop takes every write
/// queued by then (up to <see cref="MaxGroup"/>) and runs them in one <c>BEGIN IMMEDIATE</c> transaction, each inside its
/// own savepoint, so one write's error (a constraint, a bad value) undoes only that write and fails only its caller. A
/// write is acknowledged only after the commit that holds it, so nothing reported done can be lost; a failed commit fails
/// every write of the group. The loop writes on one connection kept open between groups (opened again after a failed
/// group), and callers only wait for their own answer: no lock is passed from caller to caller.
/// </summary>
public sealed class SqliteGroupCommit : IStoreWriterStatistics, IAsyncDisposable, IDisposable
{
    /// <summary>Most writes in one transaction.</summary>
    public const int MaxGroup = 256;

    private readonly Channel<Work> _pending = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnectionFactory _connections;
    private readonly Task _loop;
    private SqliteConnection? _writer; // used only by the loop
    private long _commits;
    private long _writes;
    private long _busyTicks;

    /// <summary>Starts the writer loop; it waits for writes without holding a thread or a connection.</summary>
    public SqliteGroupCommit(SqliteConnectionFactory connections)
    {
        _connections = connections;
        _loop = Task.Run(WriteLoopAsync);
    }

    /// <summary>Transactions committed so far (with <see cref="Writes"/>: how well writes are grouped).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Writes run so far, including those that failed alone.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>
    /// Time the writer loop has spent running groups (writes and commits). Its rate is the writer's utilisation: near one
    /// second per second, the store's single writer is what limits the hub.
    /// </summary>
    public TimeSpan Busy => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _busyTicks));

    public Task<T> RunAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, CancellationToken cancellationToken = default) =>
        RunAsync(write, keep: null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="write"/> in the next group. When <paramref name="keep"/> says no to its result (a conditional
    /// write that found its condition false half-way), the write is undone to its savepoint and the result still returned.
    /// Cancelled while still queued: never runs. Cancelled once its group has begun: completes with the group.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, Func<T, bool>? keep, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var work = new Work(async (connection, tx) =>
        {
            var result = await write(connection, tx).ConfigureAwait(false);
            return new Written(result, keep is null || keep(result));
        });
        if (!_pending.Writer.TryWrite(work))
        {
            throw new ObjectDisposedException(nameof(SqliteGroupCommit));
        }

        await using (cancellationToken.CanBeCanceled ? cancellationToken.Register(static w => ((Work)w!).Abandon(), work) : default(CancellationTokenRegistration))
        {
            return (T)(await work.Done.Task.ConfigureAwait(false))!;
        }
    }

    /// <summary>Stops taking writes, lets the loop finish what is queued; the loop then closes its connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    /// <summary>As <see cref="DisposeAsync"/>, for containers disposed synchronously.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task WriteLoopAsync()
    {
        try
        {
            await DrainAsync().ConfigureAwait(false);
        }
        finally
        {
            await CloseWriterAsync().ConfigureAwait(false);
        }
    }

    private async Task DrainAsync()
    {
        var group = new List<Work>(MaxGroup);
        while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (group.Count < MaxGroup && _pending.Reader.TryRead(out var next))
            {
                if (next.Begin())
                {
                    group.Add(next);
                }
            }

            if (group.Count > 0)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    await CommitGroupAsync(group).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // The loop must outlive any failure, or every later write would wait forever.
                    group.ForEach(w => w.Done.TrySetException(ex));
                }

                Interlocked.Add(ref _busyTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);

                group.Clear();
            }
        }
    }

    private async Task CommitGroupAsync(List<Work> group)
    {
        var results = new object?[group.Count];
        var errors = new Exception?[group.Count];
        try
        {
            var connection = _writer ??= await _connections.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await using var tx = connection.BeginTransaction(deferred: false);
            for (var i = 0; i < group.Count; i++)
            {
                // Savepoints by prepared statements (SqliteTransaction.Save would parse its SQL again for every write).
                Savepoint(connection, tx, "SAVEPOINT w");
                try
                {
                    var written = await group[i].Write(connection, tx).ConfigureAwait(false);
                    results[i] = written.Result;
                    if (!written.Keep)
                    {
                        Savepoint(connection, tx, "ROLLBACK TO w");
                    }

                    Savepoint(connection, tx, "RELEASE w");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    errors[i] = ex;
                    Savepoint(connection, tx, "ROLLBACK TO w"); // throws when SQLite rolled the whole transaction back: the group fails below
                    Savepoint(connection, tx, "RELEASE w");
                }
            }

            await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _writes, group.Count);
        }
        catch (Exception ex)
        {
            await CloseWriterAsync().ConfigureAwait(false); // whatever went wrong, the next group starts on a fresh connection
            foreach (var work in group)
            {
                work.Done.TrySetException(ex);
            }

            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            if (errors[i] is { } error)
            {
                group[i].Done.TrySetException(error);
            }
            else
            {
                group[i].Done.TrySetResult(results[i]);
            }
        }
    }

    private static void Savepoint(SqliteConnection connection, SqliteTransaction tx, string sql) =>
        SqlitePrepared.Command(connection, tx, sql).ExecuteNonQuery();

    private async ValueTask CloseWriterAsync()
    {
        if (_writer is { } writer)
        {
            _writer = null;
            await writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private readonly record struct Written(object? Result, bool Keep);

    private sealed class Work(Func<SqliteConnection, SqliteTransaction, Task<Written>> write)
    {
        private int _state; // 0 queued, 1 begun, 2 abandoned

        public Func<SqliteConnection, SqliteTransaction, Task<Written>> Write { get; } = write;

        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Begin() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        public void Abandon()
        {
            if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
            {
                Done.TrySetCanceled();
            }
        }
    }
}
