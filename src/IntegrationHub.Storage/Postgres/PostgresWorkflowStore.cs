using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>
/// PostgreSQL implementation of <see cref="IWorkflowStore"/>: instances, their leases and bookmarks (leases and bookmarks
/// in their own files). Every write that depends on who holds an instance is one conditional statement on the instance's
/// row, so nodes racing for an instance are decided by PostgreSQL's row lock: the loser's condition is checked again on
/// the row as the winner left it. The JSON documents are <c>json</c> columns, kept exactly as the engine wrote them.
/// </summary>
public sealed partial class PostgresWorkflowStore(NpgsqlDataSource database, TimeProvider time) : IWorkflowStore
{
    private const string SummaryColumns = "id, definition_id, version, status, sub_status, correlation_id, created_at, finished_at";

    private const string Insert = """
        INSERT INTO workflow_instances (id, definition_id, version, status, sub_status, correlation_id, created_at, finished_at,
                                        variables, journal, incident, input, position, stimulus, lease_owner, lease_expires_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
        """;

    private const string InsertOnce = """
        INSERT INTO workflow_instances (id, definition_id, version, status, sub_status, correlation_id, created_at, finished_at,
                                        variables, journal, incident, input, position, stimulus, lease_owner, lease_expires_at, start_key)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
        ON CONFLICT (start_key) DO NOTHING
        """;

    public async Task SaveAsync(WorkflowInstanceRecord instance, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = BindInsert(connection.Command(Insert + """

            ON CONFLICT (id) DO UPDATE SET status = excluded.status, sub_status = excluded.sub_status, finished_at = excluded.finished_at,
                variables = excluded.variables, journal = excluded.journal, incident = excluded.incident, position = excluded.position, stimulus = excluded.stimulus
            """), instance, null, null);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task CreateOwnedAsync(WorkflowInstanceRecord instance, string owner, DateTimeOffset leaseExpiresAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = BindInsert(connection.Command(Insert), instance, owner, leaseExpiresAt);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Guid?> CreateOwnedOnceAsync(WorkflowInstanceRecord instance, string startKey, string owner, DateTimeOffset leaseExpiresAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var insert = BindInsert(connection.Command(InsertOnce), instance, owner, leaseExpiresAt).WithText(startKey))
        {
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return null;
            }
        }

        await using var select = connection.Command("SELECT id FROM workflow_instances WHERE start_key = $1").WithText(startKey);
        return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is Guid started ? started : Guid.Empty; // Empty: started once, since purged
    }

    public async Task<bool> SaveOwnedAsync(WorkflowInstanceRecord instance, IReadOnlyList<WorkflowBookmarkRecord> bookmarks, string owner, bool release, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var update = connection.Command("""
            UPDATE workflow_instances SET status = $1, sub_status = $2, finished_at = $3, variables = $4, journal = $5, incident = $6,
                   position = $7, stimulus = $8,
                   lease_owner = CASE WHEN $9 THEN NULL ELSE lease_owner END,
                   lease_expires_at = CASE WHEN $9 THEN NULL ELSE lease_expires_at END
             WHERE id = $10 AND lease_owner = $11
            """, tx)
            .WithText(instance.Status).WithText(instance.SubStatus).With(instance.FinishedAt?.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz)
            .WithJsonText(instance.VariablesJson).WithJsonText(instance.JournalJson).WithJsonText(instance.IncidentJson)
            .WithJsonText(instance.PositionJson).WithJsonText(instance.StimulusJson).With(release).With(instance.InstanceId).WithText(owner))
        {
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false; // the lease was lost: nothing written
            }
        }

        await using (var batch = new NpgsqlBatch(connection, tx))
        {
            batch.Statement("DELETE FROM workflow_bookmarks WHERE instance_id = $1").With(instance.InstanceId);
            var created = time.GetUtcNow();
            foreach (var b in bookmarks)
            {
                batch.Statement("""
                    INSERT INTO workflow_bookmarks (id, instance_id, activity_id, kind, name, correlation_key, due_at, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """).With(b.BookmarkId).With(b.InstanceId).WithText(b.ActivityId).WithText(b.Kind).WithText(b.Name).WithText(b.CorrelationKey)
                    .With(b.DueAt?.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz).With(created);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<Guid>> ListOrphanedAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            SELECT id FROM workflow_instances WHERE status = 'Running' AND (lease_expires_at IS NULL OR lease_expires_at < $1) ORDER BY created_at, id LIMIT $2
            """).With(now.ToUniversalTime()).With(limit);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    public async Task<WorkflowInstanceRecord?> GetAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"""
            SELECT {SummaryColumns}, variables, journal, incident, input, position, stimulus FROM workflow_instances WHERE id = $1
            """).With(instanceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new WorkflowInstanceRecord(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
            reader.TextOrNull(5), reader.GetFieldValue<DateTimeOffset>(6), reader.TimeOrNull(7), reader.GetString(8), reader.GetString(9),
            reader.TextOrNull(10), reader.TextOrNull(11), reader.TextOrNull(12), reader.TextOrNull(13));
    }

    public async Task<int> DeleteFinishedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("DELETE FROM workflow_instances WHERE status = 'Finished' AND finished_at IS NOT NULL AND finished_at < $1")
            .With(before.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<(string DefinitionId, string SubStatus, long Count)>> CountBySubStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT definition_id, sub_status, COUNT(*) FROM workflow_instances GROUP BY definition_id, sub_status");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new List<(string, string, long)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return counts;
    }

    public async Task<IReadOnlyList<WorkflowInstanceSummary>> ListAsync(WorkflowInstanceQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Only the filters given are in the SQL, so the planner can pick the index that serves them.
        var where = new List<string>();
        var values = new List<(object? Value, NpgsqlTypes.NpgsqlDbType Type)>();
        void Filter(string sql, params (object? Value, NpgsqlTypes.NpgsqlDbType Type)[] parameters)
        {
            // Each "@" in turn becomes the next positional parameter.
            var numbered = new System.Text.StringBuilder();
            var next = 0;
            foreach (var c in sql)
            {
                if (c == '@')
                {
                    values.Add(parameters[next++]);
                    numbered.Append('$').Append(values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    numbered.Append(c);
                }
            }

            where.Add(numbered.ToString());
        }

        if (query.DefinitionId is not null) { Filter("definition_id = @", (query.DefinitionId, NpgsqlTypes.NpgsqlDbType.Text)); }
        if (query.Status is not null) { Filter("(status = @ OR sub_status = @)", (query.Status, NpgsqlTypes.NpgsqlDbType.Text), (query.Status, NpgsqlTypes.NpgsqlDbType.Text)); }
        if (query.CorrelationId is not null) { Filter("correlation_id = @", (query.CorrelationId, NpgsqlTypes.NpgsqlDbType.Text)); }
        if (query.From is { } from) { Filter("created_at >= @", (from.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz)); }
        if (query.To is { } to) { Filter("created_at < @", (to.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz)); }
        if (query.Before is { } before) { Filter("(created_at, id) < (@, @)", (before.CreatedAt.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz), (before.InstanceId, NpgsqlTypes.NpgsqlDbType.Uuid)); }
        values.Add((Math.Clamp(query.Limit, 1, 1000), NpgsqlTypes.NpgsqlDbType.Integer));
        await using var command = connection.Command($"SELECT {SummaryColumns} FROM workflow_instances{(where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")} ORDER BY created_at DESC, id DESC LIMIT ${values.Count}");
        foreach (var (value, type) in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var summaries = new List<WorkflowInstanceSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            summaries.Add(new WorkflowInstanceSummary(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
                reader.TextOrNull(5), reader.GetFieldValue<DateTimeOffset>(6), reader.TimeOrNull(7)));
        }

        return summaries;
    }

    public async Task<IReadOnlyList<WorkflowInstanceMinute>> CountPerMinuteAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            SELECT definition_id, date_trunc('minute', created_at AT TIME ZONE 'UTC') AS minute, COUNT(*), COUNT(*) FILTER (WHERE sub_status = 'Faulted')
              FROM workflow_instances WHERE created_at >= $1
             GROUP BY definition_id, minute ORDER BY minute, definition_id
            """).With(since.ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var minutes = new List<WorkflowInstanceMinute>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            minutes.Add(new WorkflowInstanceMinute(reader.GetString(0), new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc)),
                reader.GetInt64(2), reader.GetInt64(3)));
        }

        return minutes;
    }

    /// <summary>Binds the parameters <see cref="Insert"/> names, in order.</summary>
    private static NpgsqlCommand BindInsert(NpgsqlCommand command, WorkflowInstanceRecord instance, string? owner, DateTimeOffset? expires) =>
        command.With(instance.InstanceId).WithText(instance.DefinitionId).With(instance.Version).WithText(instance.Status).WithText(instance.SubStatus)
            .WithText(instance.CorrelationId).With(instance.CreatedAt.ToUniversalTime()).With(instance.FinishedAt?.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz)
            .WithJsonText(instance.VariablesJson).WithJsonText(instance.JournalJson).WithJsonText(instance.IncidentJson).WithJsonText(instance.InputJson)
            .WithJsonText(instance.PositionJson).WithJsonText(instance.StimulusJson).WithText(owner)
            .With(expires?.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz);
}
