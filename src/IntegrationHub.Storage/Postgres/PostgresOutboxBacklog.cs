using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>The unpublished rows of <c>outbox</c> and <c>record_events</c>, counted on their partial "unpublished" indexes.</summary>
public sealed class PostgresOutboxBacklog(NpgsqlDataSource database) : IOutboxBacklog
{
    public async Task<IReadOnlyList<OutboxBacklog>> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        batch.Statement("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE published_at IS NULL");
        batch.Statement("""
            SELECT COUNT(*), (SELECT created_at FROM record_events WHERE published_at IS NULL ORDER BY id LIMIT 1)
              FROM record_events WHERE published_at IS NULL
            """);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var backlog = new List<OutboxBacklog>();
        foreach (var outbox in new[] { "orders", "record-events" })
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            backlog.Add(new OutboxBacklog(outbox, reader.GetInt64(0), reader.TimeOrNull(1)));
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        }

        return backlog;
    }
}
