using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>Queued workflow events in <c>workflow_pending_events</c>, shared by every node; a resume takes one in its own transaction (see the bookmark store).</summary>
public sealed class PostgresWorkflowEventQueue(NpgsqlDataSource database) : IWorkflowEventQueue
{
    private const string Columns = "SELECT id, name, correlation_id, payload, received_at, expires_at FROM workflow_pending_events";

    public async Task<PendingWorkflowEvent> EnqueueAsync(string name, string? correlationId, string? payloadJson, DateTimeOffset receivedAt, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            INSERT INTO workflow_pending_events (name, correlation_id, payload, received_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id
            """).WithText(name).WithText(correlationId).WithJsonText(payloadJson).With(receivedAt.ToUniversalTime()).With(expiresAt.ToUniversalTime());
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return new PendingWorkflowEvent(id, name, correlationId, payloadJson, receivedAt, expiresAt);
    }

    public async Task<PendingWorkflowEvent?> FindForBookmarkAsync(string name, string? correlationKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync(c => c.Command(Columns + " WHERE name = $1 AND expires_at > $2 AND ($3::text IS NULL OR correlation_id = $3) ORDER BY id LIMIT 1")
            .WithText(name).With(now.ToUniversalTime()).WithText(correlationKey), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<PendingWorkflowEvent>> ListAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync(c => c.Command(Columns + " WHERE expires_at > $1 ORDER BY id LIMIT $2").With(now.ToUniversalTime()).With(limit), cancellationToken);

    public async Task<int> CountAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT COUNT(*) FROM workflow_pending_events WHERE expires_at > $1").With(now.ToUniversalTime());
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("DELETE FROM workflow_pending_events WHERE expires_at <= $1").With(now.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<PendingWorkflowEvent>> QueryAsync(Func<NpgsqlConnection, NpgsqlCommand> query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = query(connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<PendingWorkflowEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new PendingWorkflowEvent(reader.GetInt64(0), reader.GetString(1), reader.TextOrNull(2), reader.TextOrNull(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return events;
    }
}
