using Dapper;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>The unpublished rows of <c>outbox</c> and <c>record_events</c>, counted on their partial "unpublished" indexes.</summary>
public sealed class SqliteOutboxBacklog(SqliteConnectionFactory connections) : IOutboxBacklog
{
    public async Task<IReadOnlyList<OutboxBacklog>> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var orders = await connection.QuerySingleAsync<(long Pending, string? Oldest)>(new CommandDefinition(
            "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE published_at IS NULL", cancellationToken: cancellationToken)).ConfigureAwait(false);
        var events = await connection.QuerySingleAsync<(long Pending, string? Oldest)>(new CommandDefinition(
            """
            SELECT COUNT(*), (SELECT created_at FROM record_events WHERE published_at IS NULL ORDER BY id LIMIT 1)
              FROM record_events WHERE published_at IS NULL
            """, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return
        [
            new OutboxBacklog("orders", orders.Pending, ParseOrNull(orders.Oldest)),
            new OutboxBacklog("record-events", events.Pending, ParseOrNull(events.Oldest)),
        ];
    }
}
