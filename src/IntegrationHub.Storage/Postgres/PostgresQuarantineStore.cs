using System.Text.Json;
using IntegrationHub.Connectors;
using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>Quarantined records in <c>quarantine</c>, one entry per (flow, system, entity, external id); an upsert, so nodes refusing one record at once share its entry.</summary>
public sealed class PostgresQuarantineStore(NpgsqlDataSource database) : IQuarantineStore
{
    private const string Columns = """
        id, flow, system, entity, external_id, source_version, payload::text, reasons::text, times, first_seen, last_seen, released_at,
        replays, last_replayed_at, discarded_at, discarded_by, discard_reason
        """;

    private const string IsOpen = "released_at IS NULL AND discarded_at IS NULL";

    public async Task QuarantineAsync(string flow, CanonicalRecord record, IReadOnlyDictionary<string, string> reasons, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // A discarded entry stays discarded for the version it was given up at (or an older one); a newer version reopens it.
        // The same version refused again after a release (a replay, a re-read) keeps its first refusal time.
        await using var command = connection.Command("""
            INSERT INTO quarantine (flow, system, entity, external_id, source_version, payload, reasons, times, first_seen, last_seen, released_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8, NULL)
            ON CONFLICT (flow, system, entity, external_id) DO UPDATE SET
                source_version = excluded.source_version, payload = excluded.payload,
                reasons = excluded.reasons, times = quarantine.times + 1, last_seen = excluded.last_seen,
                first_seen = CASE WHEN (quarantine.released_at IS NULL AND quarantine.discarded_at IS NULL)
                                    OR excluded.source_version <= quarantine.source_version
                                  THEN quarantine.first_seen ELSE excluded.first_seen END,
                released_at = NULL,
                discarded_at = CASE WHEN excluded.source_version <= quarantine.source_version THEN quarantine.discarded_at END,
                discarded_by = CASE WHEN excluded.source_version <= quarantine.source_version THEN quarantine.discarded_by END,
                discard_reason = CASE WHEN excluded.source_version <= quarantine.source_version THEN quarantine.discard_reason END
            """).WithText(flow).WithText(record.System).WithText(record.Entity.Name).WithText(record.ExternalId).With(record.SourceVersion)
            .WithJsonText(record.Payload.GetRawText()).WithJson(JsonSerializer.Serialize(reasons)).With(now.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ReleaseAsync(string flow, RecordIdentity record, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"""
            UPDATE quarantine SET released_at = $1 WHERE flow = $2 AND system = $3 AND entity = $4 AND external_id = $5 AND {IsOpen}
            """).With(now.ToUniversalTime()).WithText(flow).WithText(record.System).WithText(record.Entity.Name).WithText(record.ExternalId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<QuarantinedRecord>> ListAsync(QuarantineQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var status = query.Status switch
        {
            null => "TRUE",
            QuarantineStatus.Open => IsOpen,
            QuarantineStatus.Released => "released_at IS NOT NULL AND discarded_at IS NULL",
            _ => "discarded_at IS NOT NULL",
        };
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"""
            SELECT {Columns}
              FROM quarantine
             WHERE ($1::text IS NULL OR flow = $1) AND ($2::text IS NULL OR entity = $2) AND ($3::text IS NULL OR external_id = $3)
               AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM jsonb_each_text(reasons) r WHERE r.key ILIKE $4 ESCAPE '\' OR r.value ILIKE $4 ESCAPE '\'))
               AND ($5::timestamptz IS NULL OR (last_seen, id) < ($5, $6)) AND ({status})
               AND ($8::timestamptz IS NULL OR last_seen >= $8) AND ($9::timestamptz IS NULL OR last_seen < $9)
             ORDER BY last_seen DESC, id DESC LIMIT $7
            """).WithText(query.Flow).WithText(query.Entity).WithText(query.ExternalId).WithText(DeadLetterJson.Contains(query.ReasonContains))
            .With(query.After?.LastSeen.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz).With(query.After?.Id ?? 0L).With(query.Limit)
            .With(query.SeenFrom?.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz).With(query.SeenBefore?.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<QuarantinedRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM quarantine WHERE id = $1").With(id);
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<QuarantinedRecord>> MarkReplayedAsync(IReadOnlyCollection<long> ids, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"""
            UPDATE quarantine SET replays = replays + 1, last_replayed_at = $1 WHERE id = ANY($2) AND {IsOpen} RETURNING {Columns}
            """).With(now.ToUniversalTime()).With(ids.ToArray());
        return [.. (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).OrderBy(e => e.Id)];
    }

    public async Task<bool> DiscardAsync(long id, string reason, string by, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"""
            UPDATE quarantine SET discarded_at = $1, discarded_by = $2, discard_reason = $3 WHERE id = $4 AND {IsOpen}
            """).With(now.ToUniversalTime()).WithText(by).WithText(reason).With(id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task<List<QuarantinedRecord>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<QuarantinedRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new QuarantinedRecord(reader.GetInt64(0), reader.GetString(1), new RecordIdentity(reader.GetString(2), new CanonicalEntity(reader.GetString(3)), reader.GetString(4)),
                reader.GetInt64(5), reader.GetString(6), JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(7))!, reader.GetInt32(8),
                reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10), reader.TimeOrNull(11))
            {
                Replays = reader.GetInt32(12),
                LastReplayedAt = reader.TimeOrNull(13),
                Discarded = reader.TimeOrNull(14) is { } at ? new QuarantineDiscard(at, reader.TextOrNull(16) ?? "", reader.TextOrNull(15) ?? "") : null,
            });
        }

        return records;
    }
}
