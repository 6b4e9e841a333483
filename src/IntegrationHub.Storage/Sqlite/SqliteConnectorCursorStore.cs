using Dapper;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>SQLite implementation of <see cref="IConnectorCursorStore"/> (table <c>connector_cursors</c>; saves are writes of the group commit).</summary>
public sealed class SqliteConnectorCursorStore(SqliteConnectionFactory connections, TimeProvider time, SqliteGroupCommit writes) : IConnectorCursorStore
{
    /// <summary>With a group commit of its own (tests, tools); the hub's container passes the shared one.</summary>
    public SqliteConnectorCursorStore(SqliteConnectionFactory connections, TimeProvider time)
        : this(connections, time, new SqliteGroupCommit(connections))
    {
    }

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<string>("SELECT cursor FROM connector_cursors WHERE cursor_key = @key", new { key }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<(string Key, string Cursor, DateTimeOffset UpdatedAt)>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Key, string Cursor, string UpdatedAt)>(
            "SELECT cursor_key, cursor, updated_at FROM connector_cursors WHERE substr(cursor_key, 1, length(@prefix)) = @prefix ORDER BY cursor_key",
            new { prefix }).ConfigureAwait(false);
        return [.. rows.Select(r => (r.Key, r.Cursor, SqliteTime.Parse(r.UpdatedAt)))];
    }

    public Task SaveAsync(string key, string cursor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(cursor);
        var at = Stamp(time.GetUtcNow());
        return writes.RunAsync((connection, tx) => connection.ExecuteAsync(
            """
            INSERT INTO connector_cursors (cursor_key, cursor, updated_at) VALUES (@key, @cursor, @at)
            ON CONFLICT (cursor_key) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at
            """,
            new { key, cursor, at }, tx), cancellationToken);
    }
}
