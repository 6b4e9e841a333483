using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>
/// Bookmarks: looked up by event or due time; consumed in one transaction that first takes the queued event (when there is
/// one), then flips the instance to running under its lease (which locks its row), then deletes the bookmark. Any step
/// that finds its condition false rolls the whole consume back.
/// </summary>
public sealed partial class PostgresWorkflowStore
{
    private const string BookmarkColumns = "SELECT id, instance_id, activity_id, kind, name, correlation_key, due_at FROM workflow_bookmarks";

    public Task<IReadOnlyList<WorkflowBookmarkRecord>> FindForEventAsync(string name, string? correlationId, int limit, CancellationToken cancellationToken = default) =>
        BookmarksAsync(c => c.Command(BookmarkColumns + " WHERE name = $1 AND (correlation_key IS NULL OR correlation_key = $2) ORDER BY created_at, id LIMIT $3")
            .WithText(name).WithText(correlationId).With(limit), cancellationToken);

    public Task<IReadOnlyList<WorkflowBookmarkRecord>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        BookmarksAsync(c => c.Command(BookmarkColumns + " WHERE due_at IS NOT NULL AND due_at <= $1 ORDER BY due_at, id LIMIT $2")
            .With(now.ToUniversalTime()).With(limit), cancellationToken);

    public Task<IReadOnlyList<WorkflowBookmarkRecord>> ListForInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        BookmarksAsync(c => c.Command(BookmarkColumns + " WHERE instance_id = $1 ORDER BY created_at, id").With(instanceId), cancellationToken);

    public async Task<DateTimeOffset?> NextDueAtAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT MIN(due_at) FROM workflow_bookmarks WHERE due_at IS NOT NULL");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.TimeOrNull(0) : null;
    }

    public async Task<IReadOnlyList<(string DefinitionId, string Event, long Count)>> CountWaitingForEventsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            SELECT i.definition_id, b.name, COUNT(DISTINCT b.instance_id)
              FROM workflow_bookmarks b JOIN workflow_instances i ON i.id = b.instance_id
             WHERE b.name IS NOT NULL
             GROUP BY i.definition_id, b.name
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new List<(string, string, long)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return counts;
    }

    public async Task<bool> TryConsumeAsync(Guid bookmarkId, Guid instanceId, string owner, string stimulusJson, long? pendingEventId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        async Task<bool> OneRow(NpgsqlCommand command)
        {
            await using (command)
            {
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            }
        }

        // Each condition false: the transaction is disposed uncommitted (rolled back), so nothing is half-consumed.
        if (pendingEventId is { } eventId && !await OneRow(connection.Command("DELETE FROM workflow_pending_events WHERE id = $1", tx).With(eventId)).ConfigureAwait(false))
        {
            return false; // another instance took the event first
        }

        if (!await OneRow(connection.Command("""
                UPDATE workflow_instances SET status = 'Running', sub_status = 'Executing', stimulus = $1
                 WHERE id = $2 AND lease_owner = $3 AND status = 'Suspended'
                """, tx).WithJsonText(stimulusJson).With(instanceId).WithText(owner)).ConfigureAwait(false)
            || !await OneRow(connection.Command("DELETE FROM workflow_bookmarks WHERE id = $1 AND instance_id = $2", tx).With(bookmarkId).With(instanceId)).ConfigureAwait(false))
        {
            return false;
        }

        await OneRow(connection.Command("DELETE FROM workflow_bookmarks WHERE instance_id = $1", tx).With(instanceId)).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<IReadOnlyList<WorkflowBookmarkRecord>> BookmarksAsync(Func<NpgsqlConnection, NpgsqlCommand> query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = query(connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var bookmarks = new List<WorkflowBookmarkRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            bookmarks.Add(new WorkflowBookmarkRecord(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                reader.TextOrNull(4), reader.TextOrNull(5), reader.TimeOrNull(6)));
        }

        return bookmarks;
    }
}
