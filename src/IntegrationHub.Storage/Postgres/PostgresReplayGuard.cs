using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>
/// Signed calls seen, in <c>replay_guard</c>, shared by every node on the database: the primary key makes the
/// check-and-record one atomic insert (a node racing for the same key waits for the first and then finds it taken).
/// </summary>
public sealed class PostgresReplayGuard(NpgsqlDataSource database) : IReplayGuard
{
    public async Task<bool> TryRecordAsync(string key, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection); // one implicit transaction
        batch.Statement("DELETE FROM replay_guard WHERE expires_at <= $1").With(now.ToUniversalTime());
        batch.Statement("INSERT INTO replay_guard (replay_key, seen_at, expires_at) VALUES ($1, $2, $3) ON CONFLICT (replay_key) DO NOTHING")
            .WithText(key).With(now.ToUniversalTime()).With(expiresAt.ToUniversalTime());
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return batch.BatchCommands[1].RecordsAffected == 1;
    }

    public async Task ForgetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("DELETE FROM replay_guard WHERE replay_key = $1").WithText(key);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
