using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>
/// Group commit: concurrent writes share one transaction and so one commit (one WAL append and, with
/// <c>Store:Synchronous = full</c>, the default, one sync). Each write waits for its turn at the writer gate; whoever holds it runs every write
/// queued by then in one <c>BEGIN IMMEDIATE</c> transaction, each inside its own savepoint, so one write's error (a
/// constraint, a bad value) undoes only that write and fails only its caller. A write is acknowledged only after the
/// commit that holds it, so nothing reported done can be lost; a failed commit fails every write of the group.
/// </summary>
public sealed class SqliteGroupCommit(SqliteConnectionFactory connections)
{
    /// <summary>Most writes in one transaction.</summary>
    public const int MaxGroup = 256;

    private readonly ConcurrentQueue<Work> _pending = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _writer; // used only by the gate's holder
    private bool _disposed;
    private long _commits;
    private long _writes;

    /// <summary>Transactions committed so far (with <see cref="Writes"/>: how well writes are grouped).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Writes run so far, including those that failed alone.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    public Task<T> RunAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, CancellationToken cancellationToken = default) =>
        RunAsync(write, keep: null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="write"/> in the next group. When <paramref name="keep"/> says no to its result (a conditional
    /// write that found its condition false half-way), the write is undone to its savepoint and the result still returned.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, Func<T, bool>? keep, CancellationToken cancellationToken = default)
    {
        var work = new Work(async (connection, tx) =>
        {
            var result = await write(connection, tx).ConfigureAwait(false);
            return new Written(result, keep is null || keep(result));
        });
        _pending.Enqueue(work);
        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            work.Abandon(); // a write already begun by another caller's group still completes; one not begun is skipped
            throw;
        }

        try
        {
            while (!work.Done.Task.IsCompleted && await CommitGroupAsync().ConfigureAwait(false))
            {
            }
        }
        finally
        {
            _gate.Release();
        }

        return (T)(await work.Done.Task.ConfigureAwait(false))!;
    }

    private async Task<bool> CommitGroupAsync()
    {
        var group = new List<Work>();
        while (group.Count < MaxGroup && _pending.TryDequeue(out var next))
        {
            if (next.Begin())
            {
                group.Add(next);
            }
        }

        if (group.Count == 0)
        {
            return false;
        }

        var results = new object?[group.Count];
        var errors = new Exception?[group.Count];
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var connection = _writer ??= await connections.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await using var tx = connection.BeginTransaction(deferred: false);
            for (var i = 0; i < group.Count; i++)
            {
                tx.Save("w");
                try
                {
                    var written = await group[i].Write(connection, tx).ConfigureAwait(false);
                    results[i] = written.Result;
                    if (!written.Keep)
                    {
                        tx.Rollback("w");
                    }

                    tx.Release("w");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    errors[i] = ex;
                    tx.Rollback("w"); // throws when SQLite rolled the whole transaction back: the group fails below
                    tx.Release("w");
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

            return true;
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

        return true;
    }

    /// <summary>Closes the writer's connection once no group is running (waits for the one that is).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            await CloseWriterAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

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
