using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>PostgreSQL implementation of <see cref="IConnectorCursorStore"/> (table <c>connector_cursors</c>).</summary>
public sealed class PostgresConnectorCursorStore(NpgsqlDataSource database, TimeProvider time) : IConnectorCursorStore
{
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT cursor FROM connector_cursors WHERE cursor_key = $1").WithText(key);
        return (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<(string Key, string Cursor, DateTimeOffset UpdatedAt)>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // A literal prefix (no LIKE wildcards), ordered bytewise whatever the database's collation, as on SQLite.
        await using var command = connection.Command("""
            SELECT cursor_key, cursor, updated_at FROM connector_cursors WHERE left(cursor_key, length($1)) = $1 ORDER BY cursor_key COLLATE "C"
            """).WithText(prefix);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var cursors = new List<(string, string, DateTimeOffset)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            cursors.Add((reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return cursors;
    }

    public async Task SaveAsync(string key, string cursor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(cursor);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            INSERT INTO connector_cursors (cursor_key, cursor, updated_at) VALUES ($1, $2, $3)
            ON CONFLICT (cursor_key) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at
            """).WithText(key).WithText(cursor).With(time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
