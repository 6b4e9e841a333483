using Dapper;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>
/// Queued workflow events in <c>workflow_pending_events</c>; taken by the resume's write (see the bookmark store). Enqueuing
/// and purging are writes of the group commit.
/// </summary>
public sealed class SqliteWorkflowEventQueue(SqliteConnectionFactory connections, SqliteGroupCommit writes) : IWorkflowEventQueue
{
    /// <summary>With a group commit of its own (tests, tools); the hub's container passes the shared one.</summary>
    public SqliteWorkflowEventQueue(SqliteConnectionFactory connections)
        : this(connections, new SqliteGroupCommit(connections))
    {
    }

    private const string Columns = """
        SELECT id AS Id, name AS Name, correlation_id AS CorrelationId, payload AS PayloadJson, received_at AS ReceivedAt, expires_at AS ExpiresAt
          FROM workflow_pending_events
        """;

    public async Task<PendingWorkflowEvent> EnqueueAsync(string name, string? correlationId, string? payloadJson, DateTimeOffset receivedAt, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var id = await writes.RunAsync((connection, tx) => connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO workflow_pending_events (name, correlation_id, payload, received_at, expires_at)
            VALUES (@name, @correlationId, @payloadJson, @receivedAt, @expiresAt) RETURNING id
            """,
            new { name, correlationId, payloadJson, receivedAt = Stamp(receivedAt), expiresAt = Stamp(expiresAt) }, tx), cancellationToken).ConfigureAwait(false);
        return new PendingWorkflowEvent(id, name, correlationId, payloadJson, receivedAt, expiresAt);
    }

    public async Task<PendingWorkflowEvent?> FindForBookmarkAsync(string name, string? correlationKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            Columns + " WHERE name = @name AND expires_at > @now AND (@correlationKey IS NULL OR correlation_id = @correlationKey) ORDER BY id LIMIT 1",
            new { name, correlationKey, now = Stamp(now) }).ConfigureAwait(false);
        return row is null ? null : new PendingWorkflowEvent(row.Id, row.Name, row.CorrelationId, row.PayloadJson, Parse(row.ReceivedAt), Parse(row.ExpiresAt));
    }

    public async Task<IReadOnlyList<PendingWorkflowEvent>> ListAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(Columns + " WHERE expires_at > @now ORDER BY id LIMIT @limit", new { now = Stamp(now), limit }).ConfigureAwait(false);
        return [.. rows.Select(r => new PendingWorkflowEvent(r.Id, r.Name, r.CorrelationId, r.PayloadJson, Parse(r.ReceivedAt), Parse(r.ExpiresAt)))];
    }

    public async Task<int> CountAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM workflow_pending_events WHERE expires_at > @now", new { now = Stamp(now) }).ConfigureAwait(false);
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        writes.RunAsync((connection, tx) => connection.ExecuteAsync("DELETE FROM workflow_pending_events WHERE expires_at <= @now", new { now = Stamp(now) }, tx), cancellationToken);

    private sealed record Row(long Id, string Name, string? CorrelationId, string? PayloadJson, string ReceivedAt, string ExpiresAt);
}
