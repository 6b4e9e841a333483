using Dapper;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>Signed calls seen, in <c>replay_guard</c>; the primary key makes the check-and-record one atomic insert.</summary>
public sealed class SqliteReplayGuard(SqliteConnectionFactory connections) : IReplayGuard
{
    public async Task<bool> TryRecordAsync(string key, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM replay_guard WHERE expires_at <= @now", new { now = Stamp(now) }, tx).ConfigureAwait(false);
        var inserted = await connection.ExecuteAsync(
            "INSERT INTO replay_guard (replay_key, seen_at, expires_at) VALUES (@key, @now, @expiresAt) ON CONFLICT (replay_key) DO NOTHING",
            new { key, now = Stamp(now), expiresAt = Stamp(expiresAt) }, tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return inserted == 1;
    }

    public async Task ForgetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM replay_guard WHERE replay_key = @key", new { key }).ConfigureAwait(false);
    }
}
