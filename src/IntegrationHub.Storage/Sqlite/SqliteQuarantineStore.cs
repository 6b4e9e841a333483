using System.Text.Json;
using Dapper;
using IntegrationHub.Connectors;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>Quarantined records in <c>quarantine</c>, one open entry per (flow, system, entity, external id).</summary>
public sealed class SqliteQuarantineStore(SqliteConnectionFactory connections) : IQuarantineStore
{
    public async Task QuarantineAsync(string flow, CanonicalRecord record, IReadOnlyDictionary<string, string> reasons, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO quarantine (flow, system, entity, external_id, source_version, payload, reasons, times, first_seen, last_seen, released_at)
            VALUES (@flow, @system, @entity, @externalId, @version, @payload, @reasons, 1, @now, @now, NULL)
            ON CONFLICT (flow, system, entity, external_id) DO UPDATE SET source_version = excluded.source_version, payload = excluded.payload,
                reasons = excluded.reasons, times = quarantine.times + 1, last_seen = excluded.last_seen,
                first_seen = CASE WHEN quarantine.released_at IS NULL THEN quarantine.first_seen ELSE excluded.first_seen END,
                released_at = NULL
            """,
            new
            {
                flow, system = record.System, entity = record.Entity.Name, externalId = record.ExternalId, version = record.SourceVersion,
                payload = record.Payload.GetRawText(), reasons = JsonSerializer.Serialize(reasons), now = Stamp(now),
            }).ConfigureAwait(false);
    }

    public async Task<bool> ReleaseAsync(string flow, RecordIdentity record, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            """
            UPDATE quarantine SET released_at = @now
             WHERE flow = @flow AND system = @System AND entity = @entity AND external_id = @ExternalId AND released_at IS NULL
            """, new { flow, record.System, entity = record.Entity.Name, record.ExternalId, now = Stamp(now) }).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<QuarantinedRecord>> ListAsync(QuarantineQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(
            """
            SELECT id AS Id, flow AS Flow, system AS System, entity AS Entity, external_id AS ExternalId, source_version AS SourceVersion,
                   payload AS Payload, reasons AS Reasons, times AS Times, first_seen AS FirstSeen, last_seen AS LastSeen, released_at AS ReleasedAt
              FROM quarantine
             WHERE (@Flow IS NULL OR flow = @Flow) AND (@Entity IS NULL OR entity = @Entity) AND (@IncludeReleased OR released_at IS NULL)
             ORDER BY last_seen DESC, id DESC LIMIT @Limit
            """, query).ConfigureAwait(false);
        return [.. rows.Select(r => new QuarantinedRecord(r.Id, r.Flow, new RecordIdentity(r.System, new CanonicalEntity(r.Entity), r.ExternalId), r.SourceVersion,
            r.Payload, JsonSerializer.Deserialize<Dictionary<string, string>>(r.Reasons)!, (int)r.Times, Parse(r.FirstSeen), Parse(r.LastSeen), ParseOrNull(r.ReleasedAt)))];
    }

    private sealed record Row(long Id, string Flow, string System, string Entity, string ExternalId, long SourceVersion, string Payload, string Reasons,
        long Times, string FirstSeen, string LastSeen, string? ReleasedAt);
}
