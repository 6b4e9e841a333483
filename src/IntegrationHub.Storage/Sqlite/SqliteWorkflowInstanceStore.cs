using System.Data.Common;
using Dapper;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>
/// SQLite implementation of <see cref="IWorkflowInstanceStore"/>, <see cref="IWorkflowLeaseStore"/> and
/// <see cref="IWorkflowBookmarkStore"/> (one class over the two tables; leases and bookmarks in their own files). The writes on
/// an instance's way (create under a lease, take, renew and give back a lease, consume a bookmark, save the result) go
/// through <see cref="SqliteGroupCommit"/>, so concurrent instances share transactions and syncs.
/// </summary>
public sealed partial class SqliteWorkflowInstanceStore(SqliteConnectionFactory connections, TimeProvider time, SqliteGroupCommit writes) : IWorkflowStore
{
    private const string SummaryColumns = """
        SELECT id AS InstanceId, definition_id AS DefinitionId, version AS Version, status AS Status, sub_status AS SubStatus,
               correlation_id AS CorrelationId, created_at AS CreatedAt, finished_at AS FinishedAt
        """;

    private const string Insert = """
        INSERT INTO workflow_instances (id, definition_id, version, status, sub_status, correlation_id, created_at, finished_at, variables, journal, incident, input, position, stimulus, lease_owner, lease_expires_at)
        VALUES (@id, @DefinitionId, @Version, @Status, @SubStatus, @CorrelationId, @created, @finished, @VariablesJson, @JournalJson, @IncidentJson, @InputJson, @PositionJson, @StimulusJson, @owner, @expires)
        """;

    private const string InsertOnce = """
        INSERT INTO workflow_instances (id, definition_id, version, status, sub_status, correlation_id, created_at, finished_at, variables, journal, incident, input, position, stimulus, lease_owner, lease_expires_at, start_key)
        VALUES (@id, @DefinitionId, @Version, @Status, @SubStatus, @CorrelationId, @created, @finished, @VariablesJson, @JournalJson, @IncidentJson, @InputJson, @PositionJson, @StimulusJson, @owner, @expires, @start)
        ON CONFLICT (start_key) DO NOTHING
        """;

    // Not on an instance's hot path (no lease): its own connection, outside the group commit.
    public async Task SaveAsync(WorkflowInstanceRecord instance, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = Insert + """

            ON CONFLICT (id) DO UPDATE SET status = excluded.status, sub_status = excluded.sub_status, finished_at = excluded.finished_at,
                variables = excluded.variables, journal = excluded.journal, incident = excluded.incident, position = excluded.position, stimulus = excluded.stimulus
            """;
        await BindInsert(command, instance, null, null).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task CreateOwnedAsync(WorkflowInstanceRecord instance, string owner, DateTimeOffset leaseExpiresAt, CancellationToken cancellationToken = default) =>
        writes.RunAsync((connection, tx) => BindInsert(SqlitePrepared.Command(connection, tx, Insert), instance, owner, leaseExpiresAt)
            .ExecuteNonQueryAsync(CancellationToken.None), cancellationToken);

    public Task<Guid?> CreateOwnedOnceAsync(WorkflowInstanceRecord instance, string startKey, string owner, DateTimeOffset leaseExpiresAt, CancellationToken cancellationToken = default) =>
        writes.RunAsync(async (connection, tx) =>
        {
            if (await BindInsert(SqlitePrepared.Command(connection, tx, InsertOnce), instance, owner, leaseExpiresAt).With("@start", startKey)
                .ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false) == 1)
            {
                return (Guid?)null;
            }

            var started = await SqlitePrepared.Command(connection, tx, "SELECT id FROM workflow_instances WHERE start_key = @start").With("@start", startKey)
                .ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
            return started is string id ? Guid.Parse(id) : Guid.Empty; // Empty: started once, since purged
        }, cancellationToken);

    public Task<bool> SaveOwnedAsync(WorkflowInstanceRecord instance, IReadOnlyList<WorkflowBookmarkRecord> bookmarks, string owner, bool release, CancellationToken cancellationToken = default) =>
        writes.RunAsync((connection, tx) => SaveOwnedAsync(connection, tx, instance, bookmarks, owner, release), cancellationToken);

    private const string SaveOwned = """
        UPDATE workflow_instances SET status = @Status, sub_status = @SubStatus, finished_at = @finished, variables = @VariablesJson,
               journal = @JournalJson, incident = @IncidentJson, position = @PositionJson, stimulus = @StimulusJson,
               lease_owner = CASE WHEN @release = 1 THEN NULL ELSE lease_owner END,
               lease_expires_at = CASE WHEN @release = 1 THEN NULL ELSE lease_expires_at END
         WHERE id = @id AND lease_owner = @owner
        """;

    private async Task<bool> SaveOwnedAsync(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction tx, WorkflowInstanceRecord instance, IReadOnlyList<WorkflowBookmarkRecord> bookmarks, string owner, bool release)
    {
        var id = instance.InstanceId.ToString();
        var updated = await SqlitePrepared.Command(connection, tx, SaveOwned)
            .With("@id", id).With("@Status", instance.Status).With("@SubStatus", instance.SubStatus)
            .With("@finished", instance.FinishedAt is { } f ? Stamp(f) : null).With("@VariablesJson", instance.VariablesJson)
            .With("@JournalJson", instance.JournalJson).With("@IncidentJson", instance.IncidentJson).With("@PositionJson", instance.PositionJson)
            .With("@StimulusJson", instance.StimulusJson).With("@release", release ? 1 : 0).With("@owner", owner)
            .ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        if (updated != 1)
        {
            return false;
        }

        await SqlitePrepared.Command(connection, tx, "DELETE FROM workflow_bookmarks WHERE instance_id = @id").With("@id", id)
            .ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        await InsertBookmarksAsync(connection, tx, bookmarks).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<Guid>> ListOrphanedAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ids = await connection.QueryAsync<string>(
            "SELECT id FROM workflow_instances WHERE status = 'Running' AND (lease_expires_at IS NULL OR lease_expires_at < @now) ORDER BY created_at LIMIT @limit",
            new { now = Stamp(now), limit }).ConfigureAwait(false);
        return ids.Select(Guid.Parse).ToList();
    }

    public async Task<WorkflowInstanceRecord?> GetAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            SummaryColumns + """
            , variables AS VariablesJson, journal AS JournalJson, incident AS IncidentJson, input AS InputJson,
              position AS PositionJson, stimulus AS StimulusJson FROM workflow_instances WHERE id = @id
            """,
            new { id = instanceId.ToString() }).ConfigureAwait(false);
        return row is null ? null : new WorkflowInstanceRecord(Guid.Parse(row.InstanceId), row.DefinitionId, (int)row.Version, row.Status, row.SubStatus,
            row.CorrelationId, Parse(row.CreatedAt), row.FinishedAt is null ? null : Parse(row.FinishedAt), row.VariablesJson, row.JournalJson, row.IncidentJson, row.InputJson,
            row.PositionJson, row.StimulusJson);
    }

    public async Task<int> DeleteFinishedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "DELETE FROM workflow_instances WHERE status = 'Finished' AND finished_at IS NOT NULL AND finished_at < @before",
            new { before = Stamp(before) }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<(string DefinitionId, string SubStatus, long Count)>> CountBySubStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string DefinitionId, string SubStatus, long Count)>(
            "SELECT definition_id, sub_status, COUNT(*) FROM workflow_instances GROUP BY definition_id, sub_status").ConfigureAwait(false);
        return [.. rows];
    }

    public async Task<IReadOnlyList<WorkflowInstanceSummary>> ListAsync(WorkflowInstanceQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Only the filters given are in the SQL, so the planner can pick the index that serves them ("@x IS NULL OR col = @x" defeats it).
        var where = new List<string>();
        if (query.DefinitionId is not null) { where.Add("definition_id = @DefinitionId"); }
        if (query.Status is not null) { where.Add("(status = @Status OR sub_status = @Status)"); }
        if (query.CorrelationId is not null) { where.Add("correlation_id = @CorrelationId"); }
        if (query.From is not null) { where.Add("created_at >= @From"); }
        if (query.To is not null) { where.Add("created_at < @To"); }
        if (query.Before is not null) { where.Add("(created_at < @BeforeAt OR (created_at = @BeforeAt AND id < @BeforeId))"); }
        var rows = await connection.QueryAsync<SummaryRow>(
            SummaryColumns + " FROM workflow_instances" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY created_at DESC, id DESC LIMIT @Limit",
            new
            {
                query.DefinitionId, query.Status, query.CorrelationId,
                From = query.From is { } from ? Stamp(from) : null, To = query.To is { } to ? Stamp(to) : null,
                BeforeAt = query.Before is { } before ? Stamp(before.CreatedAt) : null, BeforeId = query.Before?.InstanceId.ToString(),
                Limit = Math.Clamp(query.Limit, 1, 1000),
            }).ConfigureAwait(false);
        return rows.Select(r => new WorkflowInstanceSummary(Guid.Parse(r.InstanceId), r.DefinitionId, (int)r.Version, r.Status, r.SubStatus,
            r.CorrelationId, Parse(r.CreatedAt), r.FinishedAt is null ? null : Parse(r.FinishedAt))).ToList();
    }

    public async Task<IReadOnlyList<WorkflowInstanceMinute>> CountPerMinuteAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Stamps are fixed-width UTC text (yyyy-MM-ddTHH:mm:ss.fffffffZ): their first 16 characters are the minute.
        var rows = await connection.QueryAsync<(string DefinitionId, string Minute, long Started, long Faulted)>("""
            SELECT definition_id, substr(created_at, 1, 16) AS minute, COUNT(*), SUM(CASE WHEN sub_status = 'Faulted' THEN 1 ELSE 0 END)
              FROM workflow_instances WHERE created_at >= @since
             GROUP BY definition_id, minute ORDER BY minute, definition_id
            """, new { since = Stamp(since) }).ConfigureAwait(false);
        return rows.Select(r => new WorkflowInstanceMinute(r.DefinitionId, Parse(r.Minute + ":00.0000000Z"), r.Started, r.Faulted)).ToList();
    }

    /// <summary>Binds the parameters <see cref="Insert"/> names.</summary>
    private static Microsoft.Data.Sqlite.SqliteCommand BindInsert(Microsoft.Data.Sqlite.SqliteCommand command, WorkflowInstanceRecord instance, string? owner, DateTimeOffset? expires) =>
        command.With("@id", instance.InstanceId.ToString()).With("@DefinitionId", instance.DefinitionId).With("@Version", instance.Version)
            .With("@Status", instance.Status).With("@SubStatus", instance.SubStatus).With("@CorrelationId", instance.CorrelationId)
            .With("@created", Stamp(instance.CreatedAt)).With("@finished", instance.FinishedAt is { } f ? Stamp(f) : null)
            .With("@VariablesJson", instance.VariablesJson).With("@JournalJson", instance.JournalJson).With("@IncidentJson", instance.IncidentJson)
            .With("@InputJson", instance.InputJson).With("@PositionJson", instance.PositionJson).With("@StimulusJson", instance.StimulusJson)
            .With("@owner", owner).With("@expires", expires is { } e ? Stamp(e) : null);

    private async Task InsertBookmarksAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<WorkflowBookmarkRecord> bookmarks)
    {
        var created = Stamp(time.GetUtcNow());
        foreach (var b in bookmarks)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO workflow_bookmarks (id, instance_id, activity_id, kind, name, correlation_key, due_at, created_at)
                VALUES (@id, @instance, @ActivityId, @Kind, @Name, @CorrelationKey, @due, @created)
                """,
                new { id = b.BookmarkId.ToString(), instance = b.InstanceId.ToString(), b.ActivityId, b.Kind, b.Name, b.CorrelationKey, due = b.DueAt is { } d ? Stamp(d) : null, created },
                tx).ConfigureAwait(false);
        }
    }

    private sealed record SummaryRow(string InstanceId, string DefinitionId, long Version, string Status, string SubStatus, string? CorrelationId, string CreatedAt, string? FinishedAt);

    private sealed record Row(string InstanceId, string DefinitionId, long Version, string Status, string SubStatus, string? CorrelationId, string CreatedAt, string? FinishedAt,
        string VariablesJson, string JournalJson, string? IncidentJson, string? InputJson, string? PositionJson, string? StimulusJson);
}
