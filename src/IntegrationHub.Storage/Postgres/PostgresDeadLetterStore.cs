using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>Dead letters in <c>dead_letters</c>, one row per original record (unique per consumer group, topic, partition, offset).</summary>
public sealed class PostgresDeadLetterStore(NpgsqlDataSource database) : IDeadLetterStore
{
    private const string Columns = """
        SELECT id, topic, partition, "offset", consumer_group, dead_letter_topic, flow, record_key, headers::text, payload, reason, exception_type,
               attempts, failures, workflow, instance_id, first_failed_at, last_failed_at, status, replays, replayed_at, resolved_at,
               discarded_at, discarded_by, discard_reason, history::text
          FROM dead_letters
        """;

    public async Task<long> RecordAsync(DeadLetterFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (failure.ReplayOf is { } replayOf)
        {
            var item = DeadLetterJson.FailedAgain(failure);
            var marker = $$"""[{"event":"failed","partition":{{failure.Partition}},"offset":{{failure.Offset}}}]""";

            // One statement: the row is locked while it is checked and updated, so a copy recorded twice at once counts once.
            await using var reopen = connection.Command("""
                WITH target AS (SELECT id FROM dead_letters WHERE id = $1 FOR UPDATE),
                     reopened AS (
                    UPDATE dead_letters d
                       SET status = CASE WHEN d.status = 'discarded' THEN d.status ELSE 'open' END, reason = $2, exception_type = $3,
                           attempts = d.attempts + $4, failures = d.failures + 1, last_failed_at = $5, workflow = COALESCE($6, d.workflow),
                           instance_id = COALESCE($7, d.instance_id), history = d.history || $8
                      FROM target WHERE d.id = target.id AND NOT d.history @> $9
                    RETURNING d.id)
                SELECT (SELECT count(*) FROM target) + (SELECT count(*) FROM reopened)
                """).With(replayOf).WithText(failure.Reason).WithText(failure.ExceptionType).With(failure.Attempts).With(failure.FailedAt.ToUniversalTime())
                .WithText(failure.Workflow).With(failure.InstanceId).WithJson("[" + DeadLetterJson.Item(item) + "]").WithJson(marker);
            if (Convert.ToInt64(await reopen.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return replayOf;
            }
        }

        await using var insert = connection.Command("""
            WITH inserted AS (
                INSERT INTO dead_letters (topic, partition, "offset", consumer_group, dead_letter_topic, flow, record_key, headers, payload, reason, exception_type,
                                          attempts, failures, workflow, instance_id, first_failed_at, last_failed_at, status)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14, $15, $15, 'open')
                ON CONFLICT (consumer_group, topic, partition, "offset") DO NOTHING
                RETURNING id)
            SELECT id FROM inserted
            UNION ALL
            SELECT id FROM dead_letters WHERE consumer_group = $4 AND topic = $1 AND partition = $2 AND "offset" = $3
            LIMIT 1
            """).WithText(failure.Topic).With(failure.Partition).With(failure.Offset).WithText(failure.ConsumerGroup).WithText(failure.DeadLetterTopic)
            .WithText(failure.Flow).WithText(failure.Key).WithJson(DeadLetterJson.Headers(failure.Headers)).With(failure.Payload, NpgsqlTypes.NpgsqlDbType.Bytea)
            .WithText(failure.Reason).WithText(failure.ExceptionType).With(failure.Attempts).WithText(failure.Workflow).With(failure.InstanceId)
            .With(failure.FailedAt.ToUniversalTime());
        return (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<DeadLetterEntry?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(Columns + " WHERE id = $1").With(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<(string? Flow, string Status, long Count)>> CountByStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT flow, status, COUNT(*) FROM dead_letters GROUP BY flow, status ORDER BY flow, status");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new List<(string?, string, long)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts.Add((reader.TextOrNull(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return counts;
    }

    public async Task<IReadOnlyList<DeadLetterEntry>> ListAsync(DeadLetterQuery query, long beforeId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(Columns + """
             WHERE ($1 = 0 OR id < $1) AND ($2::text IS NULL OR topic = $2) AND ($3::text IS NULL OR flow = $3)
               AND ($4::text IS NULL OR reason ILIKE $4 ESCAPE '\') AND ($5::text IS NULL OR status = $5)
               AND ($6::timestamptz IS NULL OR last_failed_at >= $6) AND ($7::timestamptz IS NULL OR last_failed_at < $7)
             ORDER BY id DESC LIMIT $8
            """).With(beforeId).WithText(query.Topic).WithText(query.Flow).WithText(DeadLetterJson.Contains(query.ReasonContains)).WithText(query.Status)
            .With(query.From?.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz).With(query.To?.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz).With(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<DeadLetterEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(Read(reader));
        }

        return entries;
    }

    public Task<bool> MarkReplayedAsync(long id, string by, DateTimeOffset at, int failuresSeen, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, $"status = CASE WHEN failures = {failuresSeen.ToString(System.Globalization.CultureInfo.InvariantCulture)} THEN 'replayed' ELSE status END, replays = replays + 1, replayed_at = $2", "status IN ('open', 'replayed')",
            new DeadLetterHistoryItem(at.ToUniversalTime(), "replayed", null, null, by, null, null), at, null, null, cancellationToken);

    public Task<bool> ResolveAsync(long id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, "status = 'resolved', resolved_at = $2", "status IN ('open', 'replayed')",
            new DeadLetterHistoryItem(at.ToUniversalTime(), "resolved", null, null, null, null, null), at, null, null, cancellationToken);

    public Task<bool> DiscardAsync(long id, string reason, string by, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, "status = 'discarded', discarded_at = $2, discarded_by = $4, discard_reason = $5", "status IN ('open', 'replayed')",
            new DeadLetterHistoryItem(at.ToUniversalTime(), "discarded", reason, null, by, null, null), at, by, reason, cancellationToken);

    private async Task<bool> UpdateAsync(long id, string set, string when, DeadLetterHistoryItem item, DateTimeOffset at, string? by, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"UPDATE dead_letters SET {set}, history = history || $3 WHERE id = $1 AND {when}")
            .With(id).With(at.ToUniversalTime()).WithJson("[" + DeadLetterJson.Item(item) + "]").WithText(by).WithText(reason);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static DeadLetterEntry Read(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetInt64(3), r.GetString(4), r.GetString(5), r.TextOrNull(6), r.TextOrNull(7),
        DeadLetterJson.ReadHeaders(r.GetString(8)), r.GetFieldValue<byte[]>(9), r.GetString(10), r.GetString(11), r.GetInt32(12), r.GetInt32(13),
        r.TextOrNull(14), r.IsDBNull(15) ? null : r.GetGuid(15), r.GetFieldValue<DateTimeOffset>(16), r.GetFieldValue<DateTimeOffset>(17), r.GetString(18),
        r.GetInt32(19), r.TimeOrNull(20), r.TimeOrNull(21), r.TimeOrNull(22), r.TextOrNull(23), r.TextOrNull(24), DeadLetterJson.ReadHistory(r.GetString(25)));
}
