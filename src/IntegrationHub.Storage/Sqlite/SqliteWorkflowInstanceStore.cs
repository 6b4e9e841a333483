using Dapper;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>SQLite implementation of <see cref="IWorkflowInstanceStore"/>.</summary>
public sealed class SqliteWorkflowInstanceStore(SqliteConnectionFactory connections) : IWorkflowInstanceStore
{
    private const string SummaryColumns = """
        SELECT id AS InstanceId, definition_id AS DefinitionId, version AS Version, status AS Status, sub_status AS SubStatus,
               correlation_id AS CorrelationId, created_at AS CreatedAt, finished_at AS FinishedAt
        """;

    public async Task SaveAsync(WorkflowInstanceRecord instance, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO workflow_instances (id, definition_id, version, status, sub_status, correlation_id, created_at, finished_at, variables, journal, incident, input)
            VALUES (@id, @DefinitionId, @Version, @Status, @SubStatus, @CorrelationId, @created, @finished, @VariablesJson, @JournalJson, @IncidentJson, @InputJson)
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, sub_status = excluded.sub_status, finished_at = excluded.finished_at,
                variables = excluded.variables, journal = excluded.journal, incident = excluded.incident
            """,
            new
            {
                id = instance.InstanceId.ToString(),
                instance.DefinitionId,
                instance.Version,
                instance.Status,
                instance.SubStatus,
                instance.CorrelationId,
                created = Stamp(instance.CreatedAt),
                finished = instance.FinishedAt is { } f ? Stamp(f) : null,
                instance.VariablesJson,
                instance.JournalJson,
                instance.IncidentJson,
                instance.InputJson,
            }).ConfigureAwait(false);
    }

    public async Task<WorkflowInstanceRecord?> GetAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            SummaryColumns + ", variables AS VariablesJson, journal AS JournalJson, incident AS IncidentJson, input AS InputJson FROM workflow_instances WHERE id = @id",
            new { id = instanceId.ToString() }).ConfigureAwait(false);
        return row is null ? null : new WorkflowInstanceRecord(Guid.Parse(row.InstanceId), row.DefinitionId, (int)row.Version, row.Status, row.SubStatus,
            row.CorrelationId, Parse(row.CreatedAt), row.FinishedAt is null ? null : Parse(row.FinishedAt), row.VariablesJson, row.JournalJson, row.IncidentJson, row.InputJson);
    }

    public async Task<int> DeleteFinishedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "DELETE FROM workflow_instances WHERE status = 'Finished' AND finished_at IS NOT NULL AND finished_at < @before",
            new { before = Stamp(before) }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<WorkflowInstanceSummary>> ListAsync(WorkflowInstanceQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<SummaryRow>(
            SummaryColumns + """
             FROM workflow_instances
            WHERE (@DefinitionId IS NULL OR definition_id = @DefinitionId)
              AND (@Status IS NULL OR status = @Status OR sub_status = @Status)
            ORDER BY created_at DESC, id DESC LIMIT @Limit
            """, new { query.DefinitionId, query.Status, Limit = Math.Clamp(query.Limit, 1, 1000) }).ConfigureAwait(false);
        return rows.Select(r => new WorkflowInstanceSummary(Guid.Parse(r.InstanceId), r.DefinitionId, (int)r.Version, r.Status, r.SubStatus,
            r.CorrelationId, Parse(r.CreatedAt), r.FinishedAt is null ? null : Parse(r.FinishedAt))).ToList();
    }

    private sealed record SummaryRow(string InstanceId, string DefinitionId, long Version, string Status, string SubStatus, string? CorrelationId, string CreatedAt, string? FinishedAt);

    private sealed record Row(string InstanceId, string DefinitionId, long Version, string Status, string SubStatus, string? CorrelationId, string CreatedAt, string? FinishedAt,
        string VariablesJson, string JournalJson, string? IncidentJson, string? InputJson);
}
