using System.Text.Json;
using IntegrationHub.Connectors;
using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>Quarantined records in <c>quarantine</c>, one entry per (flow, system, entity, external id); an upsert, so nodes refusing one record at once share its entry.</summary>
public sealed class PostgresQuarantineStore(NpgsqlDataSource database) : IQuarantineStore
{
    public async Task QuarantineAsync(string flow, CanonicalRecord record, IReadOnlyDictionary<string, string> reasons, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            INSERT INTO quarantine (flow, system, entity, external_id, source_version, payload, reasons, times, first_seen, last_seen, released_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8, NULL)
            ON CONFLICT (flow, system, entity, external_id) DO UPDATE SET source_version = excluded.source_version, payload = excluded.payload,
                reasons = excluded.reasons, times = quarantine.times + 1, last_seen = excluded.last_seen,
                first_seen = CASE WHEN quarantine.released_at IS NULL THEN quarantine.first_seen ELSE excluded.first_seen END,
                released_at = NULL
            """).WithText(flow).WithText(record.System).WithText(record.Entity.Name).WithText(record.ExternalId).With(record.SourceVersion)
            .WithJsonText(record.Payload.GetRawText()).WithJson(JsonSerializer.Serialize(reasons)).With(now.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ReleaseAsync(string flow, RecordIdentity record, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            UPDATE quarantine SET released_at = $1 WHERE flow = $2 AND system = $3 AND entity = $4 AND external_id = $5 AND released_at IS NULL
            """).With(now.ToUniversalTime()).WithText(flow).WithText(record.System).WithText(record.Entity.Name).WithText(record.ExternalId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<QuarantinedRecord>> ListAsync(QuarantineQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            SELECT id, flow, system, entity, external_id, source_version, payload::text, reasons::text, times, first_seen, last_seen, released_at
              FROM quarantine
             WHERE ($1::text IS NULL OR flow = $1) AND ($2::text IS NULL OR entity = $2) AND ($3 OR released_at IS NULL)
             ORDER BY last_seen DESC, id DESC LIMIT $4
            """).WithText(query.Flow).WithText(query.Entity).With(query.IncludeReleased).With(query.Limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<QuarantinedRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new QuarantinedRecord(reader.GetInt64(0), reader.GetString(1), new RecordIdentity(reader.GetString(2), new CanonicalEntity(reader.GetString(3)), reader.GetString(4)),
                reader.GetInt64(5), reader.GetString(6), JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(7))!, reader.GetInt32(8),
                reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10), reader.TimeOrNull(11)));
        }

        return records;
    }
}
