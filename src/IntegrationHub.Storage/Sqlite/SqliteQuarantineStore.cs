using System.Text.Json;
using Dapper;
using IntegrationHub.Connectors;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>Quarantined records in <c>quarantine</c>, one entry per (flow, system, entity, external id).</summary>
public sealed class SqliteQuarantineStore(SqliteConnectionFactory connections) : IQuarantineStore
{
    private const string Columns = """
        id AS Id, flow AS Flow, system AS System, entity AS Entity, external_id AS ExternalId, source_version AS SourceVersion,
        payload AS Payload, reasons AS Reasons, times AS Times, first_seen AS FirstSeen, last_seen AS LastSeen, released_at AS ReleasedAt,
        replays AS Replays, last_replayed_at AS LastReplayedAt, discarded_at AS DiscardedAt, discarded_by AS DiscardedBy, discard_reason AS DiscardReason
        """;

    private const string IsOpen = "released_at IS NULL AND discarded_at IS NULL";

    public async Task QuarantineAsync(string flow, CanonicalRecord record, IReadOnlyDictionary<string, string> reasons, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // A discarded entry stays discarded for the version it was given up at (or an older one); a newer version reopens it.
        // The same version refused again after a release (a replay, a re-read) keeps its first refusal time.
        await connection.ExecuteAsync(
            """
            INSERT INTO quarantine (flow, system, entity, external_id, source_version, payload, reasons, times, first_seen, last_seen, released_at)
            VALUES (@flow, @system, @entity, @externalId, @version, @payload, @reasons, 1, @now, @now, NULL)
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
            $"""
            UPDATE quarantine SET released_at = @now
             WHERE flow = @flow AND system = @System AND entity = @entity AND external_id = @ExternalId AND {IsOpen}
            """, new { flow, record.System, entity = record.Entity.Name, record.ExternalId, now = Stamp(now) }).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<QuarantinedRecord>> ListAsync(QuarantineQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Only the filters given go into the SQL, so SQLite can pick the index for them.
        var where = new List<string>();
        Add(query.Flow, "flow = @Flow");
        Add(query.Entity, "entity = @Entity");
        Add(query.ExternalId, "external_id = @ExternalId");
        Add(query.ReasonContains, @"EXISTS (SELECT 1 FROM json_each(quarantine.reasons) r WHERE r.key LIKE @reason ESCAPE '\' OR r.value LIKE @reason ESCAPE '\')");
        Add(query.After, "(last_seen < @afterSeen OR (last_seen = @afterSeen AND id < @afterId))");
        Add(query.SeenFrom, "last_seen >= @seenFrom");
        Add(query.SeenBefore, "last_seen < @seenBefore");
        Add(query.Status, query.Status switch
        {
            QuarantineStatus.Open => IsOpen,
            QuarantineStatus.Released => "released_at IS NOT NULL AND discarded_at IS NULL",
            _ => "discarded_at IS NOT NULL",
        });
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(
            $"SELECT {Columns} FROM quarantine {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))} ORDER BY last_seen DESC, id DESC LIMIT @Limit",
            new
            {
                query.Flow, query.Entity, query.ExternalId, reason = DeadLetterJson.Contains(query.ReasonContains),
                afterSeen = query.After is { } a ? Stamp(a.LastSeen) : null, afterId = query.After?.Id, query.Limit,
                seenFrom = query.SeenFrom is { } from ? Stamp(from) : null, seenBefore = query.SeenBefore is { } before ? Stamp(before) : null,
            }).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToEntry())];

        void Add(object? given, string condition)
        {
            if (given is not null)
            {
                where.Add(condition);
            }
        }
    }

    public async Task<QuarantinedRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM quarantine WHERE id = @id", new { id }).ConfigureAwait(false);
        return row?.ToEntry();
    }

    public async Task<IReadOnlyList<QuarantinedRecord>> MarkReplayedAsync(IReadOnlyCollection<long> ids, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }

        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(
            $"UPDATE quarantine SET replays = replays + 1, last_replayed_at = @now WHERE id IN @ids AND {IsOpen} RETURNING {Columns}",
            new { ids, now = Stamp(now) }).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToEntry()).OrderBy(e => e.Id)];
    }

    public async Task<bool> DiscardAsync(long id, string reason, string by, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            $"UPDATE quarantine SET discarded_at = @now, discarded_by = @by, discard_reason = @reason WHERE id = @id AND {IsOpen}",
            new { id, reason, by, now = Stamp(now) }).ConfigureAwait(false) == 1;
    }

    private sealed record Row(long Id, string Flow, string System, string Entity, string ExternalId, long SourceVersion, string Payload, string Reasons,
        long Times, string FirstSeen, string LastSeen, string? ReleasedAt, long Replays, string? LastReplayedAt, string? DiscardedAt, string? DiscardedBy, string? DiscardReason)
    {
        public QuarantinedRecord ToEntry() =>
            new(Id, Flow, new RecordIdentity(System, new CanonicalEntity(Entity), ExternalId), SourceVersion, Payload,
                JsonSerializer.Deserialize<Dictionary<string, string>>(Reasons)!, (int)Times, Parse(FirstSeen), Parse(LastSeen), ParseOrNull(ReleasedAt))
            {
                Replays = (int)Replays,
                LastReplayedAt = ParseOrNull(LastReplayedAt),
                Discarded = DiscardedAt is null ? null : new QuarantineDiscard(Parse(DiscardedAt), DiscardReason ?? "", DiscardedBy ?? ""),
            };
    }
}
