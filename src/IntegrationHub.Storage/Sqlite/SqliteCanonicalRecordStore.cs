using System.Text.Json;
using Dapper;
using IntegrationHub.Connectors;
using IntegrationHub.Messaging;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>
/// Canonical records in <c>canonical_records</c>, target writes in <c>target_writes</c>, change events in
/// <c>record_events</c> (an autoincrement id gives the publishing order). An observation is one write of the group commit
/// (whose transactions are <c>BEGIN IMMEDIATE</c>): compare, replace, queue the event. Writes share the store's single
/// writer with the order intake and the workflow instances instead of contending for SQLite's lock.
/// </summary>
public sealed class SqliteCanonicalRecordStore(SqliteConnectionFactory connections, SqliteGroupCommit writes) : ICanonicalRecordStore
{
    public Task<ObservationOutcome> ObserveAsync(Guid hubId, CanonicalRecord record, string hash, DateTimeOffset seenAt, OutgoingMessage? changeEvent,
        string? basedOnHash = ICanonicalRecordStore.AnyState, CancellationToken cancellationToken = default) =>
        // The writer holds the write lock for the whole group, so two observations of one record cannot both compare against the old state.
        writes.RunAsync((connection, tx) => ObserveAsync(connection, tx, hubId, record, hash, seenAt, changeEvent, basedOnHash), cancellationToken);

    private static async Task<ObservationOutcome> ObserveAsync(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction tx,
        Guid hubId, CanonicalRecord record, string hash, DateTimeOffset seenAt, OutgoingMessage? changeEvent, string? basedOnHash)
    {
        var current = await connection.QuerySingleOrDefaultAsync<CurrentRow>(
            "SELECT source_system AS SourceSystem, source_version AS SourceVersion, hash AS Hash, source_versions AS SourceVersions FROM canonical_records WHERE hub_id = @hubId",
            new { hubId = hubId.ToString() }, tx).ConfigureAwait(false);
        var versions = Versions(current?.SourceVersions, current?.SourceSystem, current?.SourceVersion);
        var outcome = current switch
        {
            _ when versions.TryGetValue(record.System, out var newest) && record.SourceVersion < newest => ObservationOutcome.Stale,
            not null when current.Hash == hash => ObservationOutcome.Unchanged,
            _ when basedOnHash != ICanonicalRecordStore.AnyState && basedOnHash != current?.Hash => ObservationOutcome.Conflict,
            _ => ObservationOutcome.Changed,
        };
        versions[record.System] = Math.Max(record.SourceVersion, versions.GetValueOrDefault(record.System));
        if (outcome == ObservationOutcome.Changed)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO canonical_records (hub_id, entity, source_system, source_external_id, source_version, hash, payload, seen_at, source_versions)
                VALUES (@hubId, @entity, @system, @externalId, @version, @hash, @payload, @seenAt, @versions)
                ON CONFLICT (hub_id) DO UPDATE SET entity = excluded.entity, source_system = excluded.source_system,
                    source_external_id = excluded.source_external_id, source_version = excluded.source_version,
                    hash = excluded.hash, payload = excluded.payload, seen_at = excluded.seen_at, source_versions = excluded.source_versions
                """,
                new
                {
                    hubId = hubId.ToString(), entity = record.Entity.Name, system = record.System, externalId = record.ExternalId,
                    version = record.SourceVersion, hash, payload = record.Payload.GetRawText(), seenAt = Stamp(seenAt),
                    versions = JsonSerializer.Serialize(versions),
                }, tx).ConfigureAwait(false);
            if (changeEvent is not null)
            {
                await SqliteRecordEvents.InsertAsync(connection, tx, changeEvent, seenAt).ConfigureAwait(false);
            }
        }

        return outcome;
    }

    public async Task<CanonicalState?> GetAsync(Guid hubId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<StateRow>(
            """
            SELECT entity AS Entity, source_system AS SourceSystem, source_external_id AS SourceExternalId, source_version AS SourceVersion,
                   hash AS Hash, payload AS Payload, seen_at AS SeenAt, source_versions AS SourceVersions
              FROM canonical_records WHERE hub_id = @hubId
            """, new { hubId = hubId.ToString() }).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var entity = new CanonicalEntity(row.Entity);
        using var payload = JsonDocument.Parse(row.Payload);
        return new CanonicalState(hubId, entity, new RecordIdentity(row.SourceSystem, entity, row.SourceExternalId), row.SourceVersion, row.Hash,
            payload.RootElement.Clone(), Parse(row.SeenAt), Versions(row.SourceVersions, row.SourceSystem, row.SourceVersion));
    }

    public async Task<TargetWrite?> GetWriteAsync(string targetSystem, CanonicalEntity entity, Guid hubId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<WriteRow>(
            """
            SELECT source_system AS SourceSystem, source_external_id AS SourceExternalId, source_version AS SourceVersion, hash AS Hash,
                   target_id AS TargetId, written_at AS WrittenAt
              FROM target_writes WHERE target_system = @targetSystem AND entity = @entity AND hub_id = @hubId
            """, new { targetSystem, entity = entity.Name, hubId = hubId.ToString() }).ConfigureAwait(false);
        return row is null
            ? null
            : new TargetWrite(targetSystem, entity, hubId, new RecordIdentity(row.SourceSystem, entity, row.SourceExternalId), row.SourceVersion, row.Hash, row.TargetId, Parse(row.WrittenAt));
    }

    public async Task<IReadOnlyList<TargetWrite>> ListWritesAsync(Guid hubId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string TargetSystem, string Entity, string SourceSystem, string SourceExternalId, long SourceVersion, string Hash, string TargetId, string WrittenAt)>(
            """
            SELECT target_system, entity, source_system, source_external_id, source_version, hash, target_id, written_at
              FROM target_writes WHERE hub_id = @hubId ORDER BY target_system, entity
            """, new { hubId = hubId.ToString() }).ConfigureAwait(false);
        return [.. rows.Select(r =>
        {
            var entity = new CanonicalEntity(r.Entity);
            return new TargetWrite(r.TargetSystem, entity, hubId, new RecordIdentity(r.SourceSystem, entity, r.SourceExternalId), r.SourceVersion, r.Hash, r.TargetId, Parse(r.WrittenAt));
        })];
    }

    public Task SaveWriteAsync(TargetWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        return writes.RunAsync((connection, tx) => connection.ExecuteAsync(
            """
            INSERT INTO target_writes (target_system, entity, hub_id, source_system, source_external_id, source_version, hash, target_id, written_at)
            VALUES (@TargetSystem, @entity, @hubId, @sourceSystem, @sourceExternalId, @SourceVersion, @Hash, @TargetId, @writtenAt)
            ON CONFLICT (target_system, entity, hub_id) DO UPDATE SET source_system = excluded.source_system,
                source_external_id = excluded.source_external_id, source_version = excluded.source_version, hash = excluded.hash,
                target_id = excluded.target_id, written_at = excluded.written_at
            """,
            new
            {
                write.TargetSystem, entity = write.Entity.Name, hubId = write.HubId.ToString(), sourceSystem = write.Source.System,
                sourceExternalId = write.Source.ExternalId, write.SourceVersion, write.Hash, write.TargetId, writtenAt = Stamp(write.WrittenAt),
            }, tx), cancellationToken);
    }

    public async Task<IReadOnlyList<PendingRecordEvent>> ListPendingEventsAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<EventRow>(
            "SELECT id AS Id, " + SqliteMessages.SelectColumns + " FROM record_events WHERE published_at IS NULL ORDER BY id LIMIT @limit",
            new { limit }).ConfigureAwait(false);
        return [.. rows.Select(r => new PendingRecordEvent(r.Id,
            SqliteMessages.ToMessage(r.Topic, r.MessageKey, r.EventId, r.EventSource, r.EventType, r.EventTime, r.Subject, r.ContentType, r.Data, r.TraceParent, r.TraceState)))];
    }

    public Task MarkEventPublishedAsync(long eventId, PublishReceipt receipt, DateTimeOffset publishedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return writes.RunAsync((connection, tx) => connection.ExecuteAsync(
            "UPDATE record_events SET published_at = @at, partition_no = @Partition, offset_no = @Offset WHERE id = @eventId",
            new { eventId, at = Stamp(publishedAt), receipt.Partition, receipt.Offset }, tx), cancellationToken);
    }

    /// <summary>The newest version per source system (rows from before the column knew only their latest source).</summary>
    private static Dictionary<string, long> Versions(string? json, string? latestSystem, long? latestVersion)
    {
        var versions = json is null ? new Dictionary<string, long>(StringComparer.Ordinal) : JsonSerializer.Deserialize<Dictionary<string, long>>(json)!;
        if (latestSystem is not null && latestVersion is { } v && !versions.ContainsKey(latestSystem))
        {
            versions[latestSystem] = v;
        }

        return versions;
    }

    private sealed record CurrentRow(string SourceSystem, long SourceVersion, string Hash, string? SourceVersions);

    private sealed record StateRow(string Entity, string SourceSystem, string SourceExternalId, long SourceVersion, string Hash, string Payload, string SeenAt, string? SourceVersions);

    private sealed record WriteRow(string SourceSystem, string SourceExternalId, long SourceVersion, string Hash, string TargetId, string WrittenAt);

    private sealed record EventRow(long Id, string Topic, string MessageKey, string EventId, string EventSource, string EventType, string EventTime,
        string? Subject, string ContentType, byte[] Data, string? TraceParent, string? TraceState);
}
