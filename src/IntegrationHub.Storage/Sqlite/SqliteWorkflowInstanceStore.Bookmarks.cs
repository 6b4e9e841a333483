using Dapper;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>Bookmarks: looked up by event or due time; consumed with a conditional DELETE in a grouped write.</summary>
public sealed partial class SqliteWorkflowInstanceStore
{
    private const string BookmarkColumns = """
        SELECT id AS BookmarkId, instance_id AS InstanceId, activity_id AS ActivityId, kind AS Kind, name AS Name,
               correlation_key AS CorrelationKey, due_at AS DueAt FROM workflow_bookmarks
        """;

    public async Task<IReadOnlyList<WorkflowBookmarkRecord>> FindForEventAsync(string name, string? correlationId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return Map(await connection.QueryAsync<BookmarkRow>(
            BookmarkColumns + " WHERE name = @name AND (correlation_key IS NULL OR correlation_key = @correlationId) ORDER BY created_at, id LIMIT @limit",
            new { name, correlationId, limit }).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<WorkflowBookmarkRecord>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return Map(await connection.QueryAsync<BookmarkRow>(
            BookmarkColumns + " WHERE due_at IS NOT NULL AND due_at <= @now ORDER BY due_at, id LIMIT @limit",
            new { now = Stamp(now), limit }).ConfigureAwait(false));
    }

    public async Task<DateTimeOffset?> NextDueAtAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return ParseOrNull(await connection.ExecuteScalarAsync<string?>("SELECT MIN(due_at) FROM workflow_bookmarks WHERE due_at IS NOT NULL").ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<WorkflowBookmarkRecord>> ListForInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return Map(await connection.QueryAsync<BookmarkRow>(BookmarkColumns + " WHERE instance_id = @id ORDER BY created_at, id", new { id = instanceId.ToString() }).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<(string DefinitionId, string Event, long Count)>> CountWaitingForEventsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string DefinitionId, string Event, long Count)>("""
            SELECT i.definition_id, b.name, COUNT(DISTINCT b.instance_id)
            FROM workflow_bookmarks b JOIN workflow_instances i ON i.id = b.instance_id
            WHERE b.name IS NOT NULL
            GROUP BY i.definition_id, b.name
            """).ConfigureAwait(false);
        return rows.ToList();
    }

    // A condition found false half-way undoes the write to its savepoint (keep: false), so nothing is half-consumed.
    public Task<bool> TryConsumeAsync(Guid bookmarkId, Guid instanceId, string owner, string stimulusJson, long? pendingEventId = null, CancellationToken cancellationToken = default) =>
        writes.RunAsync((connection, tx) => TryConsumeAsync(connection, tx, pendingEventId, new { bookmark = bookmarkId.ToString(), id = instanceId.ToString(), owner, stimulusJson, pendingEventId }),
            keep: consumed => consumed, cancellationToken);

    private static async Task<bool> TryConsumeAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, long? pendingEventId, object args)
    {
        if (pendingEventId is not null
            && await connection.ExecuteAsync("DELETE FROM workflow_pending_events WHERE id = @pendingEventId", args, tx).ConfigureAwait(false) != 1)
        {
            return false; // another instance took the event first
        }

        var consumed = await connection.ExecuteAsync(
            """
            DELETE FROM workflow_bookmarks
             WHERE id = @bookmark AND instance_id = @id
               AND EXISTS (SELECT 1 FROM workflow_instances WHERE id = @id AND lease_owner = @owner AND status = 'Suspended')
            """, args, tx).ConfigureAwait(false);
        if (consumed != 1)
        {
            return false;
        }

        await connection.ExecuteAsync("DELETE FROM workflow_bookmarks WHERE instance_id = @id", args, tx).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE workflow_instances SET status = 'Running', sub_status = 'Executing', stimulus = @stimulusJson WHERE id = @id",
            args, tx).ConfigureAwait(false);
        return true;
    }

    private static List<WorkflowBookmarkRecord> Map(IEnumerable<BookmarkRow> rows) =>
        rows.Select(r => new WorkflowBookmarkRecord(Guid.Parse(r.BookmarkId), Guid.Parse(r.InstanceId), r.ActivityId, r.Kind, r.Name, r.CorrelationKey, ParseOrNull(r.DueAt))).ToList();

    private sealed record BookmarkRow(string BookmarkId, string InstanceId, string ActivityId, string Kind, string? Name, string? CorrelationKey, string? DueAt);
}
