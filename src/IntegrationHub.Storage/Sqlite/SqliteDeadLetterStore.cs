using Dapper;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>Dead letters in <c>dead_letters</c>, one row per original record (unique per consumer group, topic, partition, offset).</summary>
public sealed class SqliteDeadLetterStore(SqliteConnectionFactory connections) : IDeadLetterStore
{
    private const string Columns = """
        SELECT id AS Id, topic AS Topic, partition AS Partition, offset AS Offset, consumer_group AS ConsumerGroup, dead_letter_topic AS DeadLetterTopic,
               flow AS Flow, record_key AS RecordKey, headers AS Headers, payload AS Payload, reason AS Reason, exception_type AS ExceptionType,
               attempts AS Attempts, failures AS Failures, workflow AS Workflow, instance_id AS InstanceId, first_failed_at AS FirstFailedAt,
               last_failed_at AS LastFailedAt, status AS Status, replays AS Replays, replayed_at AS ReplayedAt, resolved_at AS ResolvedAt,
               discarded_at AS DiscardedAt, discarded_by AS DiscardedBy, discard_reason AS DiscardReason, history AS History
          FROM dead_letters
        """;

    public async Task<long> RecordAsync(DeadLetterFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction(deferred: false);
        if (failure.ReplayOf is { } replayOf)
        {
            var item = DeadLetterJson.FailedAgain(failure);
            var reopened = await connection.ExecuteAsync(
                """
                UPDATE dead_letters
                   SET status = CASE WHEN status = 'discarded' THEN status ELSE 'open' END, reason = @Reason, exception_type = @ExceptionType,
                       attempts = attempts + @Attempts, failures = failures + 1, last_failed_at = @at, workflow = COALESCE(@Workflow, workflow),
                       instance_id = COALESCE(@instance, instance_id), history = json_insert(history, '$[#]', json(@item))
                 WHERE id = @replayOf
                   AND NOT EXISTS (SELECT 1 FROM json_each(dead_letters.history) h
                                    WHERE json_extract(h.value, '$.event') = 'failed' AND json_extract(h.value, '$.partition') = @Partition
                                      AND json_extract(h.value, '$.offset') = @Offset)
                """,
                new
                {
                    failure.Reason, failure.ExceptionType, failure.Attempts, at = Stamp(failure.FailedAt), failure.Workflow,
                    instance = failure.InstanceId?.ToString(), item = DeadLetterJson.Item(item), replayOf, failure.Partition, failure.Offset,
                }, tx).ConfigureAwait(false);
            var exists = reopened == 1 || await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM dead_letters WHERE id = @replayOf", new { replayOf }, tx).ConfigureAwait(false) == 1;
            if (exists)
            {
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return replayOf;
            }
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO dead_letters (topic, partition, offset, consumer_group, dead_letter_topic, flow, record_key, headers, payload, reason, exception_type,
                                      attempts, failures, workflow, instance_id, first_failed_at, last_failed_at, status)
            VALUES (@Topic, @Partition, @Offset, @ConsumerGroup, @DeadLetterTopic, @Flow, @Key, @headers, @Payload, @Reason, @ExceptionType,
                    @Attempts, 1, @Workflow, @instance, @at, @at, 'open')
            ON CONFLICT (consumer_group, topic, partition, offset) DO NOTHING
            """,
            new
            {
                failure.Topic, failure.Partition, failure.Offset, failure.ConsumerGroup, failure.DeadLetterTopic, failure.Flow, failure.Key,
                headers = DeadLetterJson.Headers(failure.Headers), failure.Payload, failure.Reason, failure.ExceptionType, failure.Attempts,
                failure.Workflow, instance = failure.InstanceId?.ToString(), at = Stamp(failure.FailedAt),
            }, tx).ConfigureAwait(false);
        var id = await connection.ExecuteScalarAsync<long>(
            "SELECT id FROM dead_letters WHERE consumer_group = @ConsumerGroup AND topic = @Topic AND partition = @Partition AND offset = @Offset",
            new { failure.ConsumerGroup, failure.Topic, failure.Partition, failure.Offset }, tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    public async Task<DeadLetterEntry?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(Columns + " WHERE id = @id", new { id }).ConfigureAwait(false);
        return row?.ToEntry();
    }

    public async Task<IReadOnlyList<DeadLetterEntry>> ListAsync(DeadLetterQuery query, long beforeId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(Columns + """
             WHERE (@before = 0 OR id < @before) AND (@Topic IS NULL OR topic = @Topic) AND (@Flow IS NULL OR flow = @Flow)
               AND (@reason IS NULL OR reason LIKE @reason ESCAPE '\') AND (@Status IS NULL OR status = @Status)
               AND (@from IS NULL OR last_failed_at >= @from) AND (@to IS NULL OR last_failed_at < @to)
             ORDER BY id DESC LIMIT @limit
            """,
            new
            {
                before = beforeId, query.Topic, query.Flow, reason = DeadLetterJson.Contains(query.ReasonContains), query.Status,
                from = query.From is { } f ? Stamp(f) : null, to = query.To is { } t ? Stamp(t) : null, limit,
            }).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToEntry())];
    }

    public async Task<IReadOnlyList<(string? Flow, string Status, long Count)>> CountByStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<(string? Flow, string Status, long Count)>(
            "SELECT flow, status, COUNT(*) FROM dead_letters GROUP BY flow, status ORDER BY flow, status").ConfigureAwait(false)];
    }

    public Task<bool> MarkReplayedAsync(long id, string by, DateTimeOffset at, int failuresSeen, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, $"status = CASE WHEN failures = {failuresSeen.ToString(System.Globalization.CultureInfo.InvariantCulture)} THEN 'replayed' ELSE status END, replays = replays + 1, replayed_at = @at", "status IN ('open', 'replayed')",
            new DeadLetterHistoryItem(at.ToUniversalTime(), "replayed", null, null, by, null, null), at, null, null, cancellationToken);

    public Task<bool> ResolveAsync(long id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, "status = 'resolved', resolved_at = @at", "status IN ('open', 'replayed')",
            new DeadLetterHistoryItem(at.ToUniversalTime(), "resolved", null, null, null, null, null), at, null, null, cancellationToken);

    public Task<bool> DiscardAsync(long id, string reason, string by, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, "status = 'discarded', discarded_at = @at, discarded_by = @by, discard_reason = @reason", "status IN ('open', 'replayed')",
            new DeadLetterHistoryItem(at.ToUniversalTime(), "discarded", reason, null, by, null, null), at, by, reason, cancellationToken);

    private async Task<bool> UpdateAsync(long id, string set, string when, DeadLetterHistoryItem item, DateTimeOffset at, string? by, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            $"UPDATE dead_letters SET {set}, history = json_insert(history, '$[#]', json(@item)) WHERE id = @id AND {when}",
            new { id, at = Stamp(at), by, reason, item = DeadLetterJson.Item(item) }).ConfigureAwait(false) == 1;
    }

    private sealed record Row(long Id, string Topic, long Partition, long Offset, string ConsumerGroup, string DeadLetterTopic, string? Flow, string? RecordKey,
        string Headers, byte[] Payload, string Reason, string ExceptionType, long Attempts, long Failures, string? Workflow, string? InstanceId,
        string FirstFailedAt, string LastFailedAt, string Status, long Replays, string? ReplayedAt, string? ResolvedAt, string? DiscardedAt,
        string? DiscardedBy, string? DiscardReason, string History)
    {
        public DeadLetterEntry ToEntry() => new(Id, Topic, (int)Partition, Offset, ConsumerGroup, DeadLetterTopic, Flow, RecordKey,
            DeadLetterJson.ReadHeaders(Headers), Payload, Reason, ExceptionType, (int)Attempts, (int)Failures, Workflow,
            InstanceId is null ? null : Guid.Parse(InstanceId), Parse(FirstFailedAt), Parse(LastFailedAt), Status, (int)Replays,
            ParseOrNull(ReplayedAt), ParseOrNull(ResolvedAt), ParseOrNull(DiscardedAt), DiscardedBy, DiscardReason, DeadLetterJson.ReadHistory(History));
    }
}
