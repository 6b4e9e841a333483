using Dapper;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>
/// Signed calls seen, in <c>replay_guard</c>; the primary key makes the check-and-record one atomic insert. Both writes go
/// through the group commit.
/// </summary>
public sealed class SqliteReplayGuard(SqliteGroupCommit writes) : IReplayGuard
{
    /// <summary>With a group commit of its own (tests, tools); the hub's container passes the shared one.</summary>
    public SqliteReplayGuard(SqliteConnectionFactory connections)
        : this(new SqliteGroupCommit(connections))
    {
    }

    public Task<bool> TryRecordAsync(string key, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return writes.RunAsync(async (connection, tx) =>
        {
            await connection.ExecuteAsync("DELETE FROM replay_guard WHERE expires_at <= @now", new { now = Stamp(now) }, tx).ConfigureAwait(false);
            var inserted = await connection.ExecuteAsync(
                "INSERT INTO replay_guard (replay_key, seen_at, expires_at) VALUES (@key, @now, @expiresAt) ON CONFLICT (replay_key) DO NOTHING",
                new { key, now = Stamp(now), expiresAt = Stamp(expiresAt) }, tx).ConfigureAwait(false);
            return inserted == 1;
        }, cancellationToken);
    }

    public Task ForgetAsync(string key, CancellationToken cancellationToken = default) =>
        writes.RunAsync((connection, tx) => connection.ExecuteAsync("DELETE FROM replay_guard WHERE replay_key = @key", new { key }, tx), cancellationToken);
}
