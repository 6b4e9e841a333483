using System.Text.Json;
using IntegrationHub.Connectors;
using IntegrationHub.Messaging;
using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>
/// Canonical records, target writes and record change events on PostgreSQL. An observation takes a transaction-scoped
/// advisory lock on its hub id first, so observations of one record from any node run one after another (even while the
/// record does not exist yet, which a row lock could not cover): compare, replace, queue the event, commit. The event's
/// identity id is taken under that lock, so one record's events are queued in the order of its changes.
/// </summary>
public sealed class PostgresCanonicalRecordStore(NpgsqlDataSource database) : ICanonicalRecordStore
{
    /// <summary>The first key of the two-key advisory locks on hub ids ("CANO").</summary>
    private const int LockClass = 0x43414E4F;

    public async Task<ObservationOutcome> ObserveAsync(Guid hubId, CanonicalRecord record, string hash, DateTimeOffset seenAt, OutgoingMessage? changeEvent,
        string? basedOnHash = ICanonicalRecordStore.AnyState, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockRecord = connection.Command("SELECT pg_advisory_xact_lock($1, $2)", tx).With(LockClass).With(PostgresCommands.AdvisoryKey(hubId)))
        {
            await lockRecord.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        (string Hash, Dictionary<string, long> Versions)? current = null;
        await using (var read = connection.Command("SELECT hash, source_versions::text FROM canonical_records WHERE hub_id = $1", tx).With(hubId))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                current = (reader.GetString(0), JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(1))!);
            }
        }

        var versions = current?.Versions ?? new Dictionary<string, long>(StringComparer.Ordinal);
        var outcome = current switch
        {
            _ when versions.TryGetValue(record.System, out var newest) && record.SourceVersion < newest => ObservationOutcome.Stale,
            not null when current.Value.Hash == hash => ObservationOutcome.Unchanged,
            _ when basedOnHash != ICanonicalRecordStore.AnyState && basedOnHash != current?.Hash => ObservationOutcome.Conflict,
            _ => ObservationOutcome.Changed,
        };
        if (outcome != ObservationOutcome.Changed)
        {
            return outcome; // nothing written; the transaction (and the lock) end with the connection
        }

        versions[record.System] = Math.Max(record.SourceVersion, versions.GetValueOrDefault(record.System));
        await using (var batch = new NpgsqlBatch(connection, tx))
        {
            batch.Statement("""
                INSERT INTO canonical_records (hub_id, entity, source_system, source_external_id, source_version, hash, payload, seen_at, source_versions)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (hub_id) DO UPDATE SET entity = excluded.entity, source_system = excluded.source_system,
                    source_external_id = excluded.source_external_id, source_version = excluded.source_version,
                    hash = excluded.hash, payload = excluded.payload, seen_at = excluded.seen_at, source_versions = excluded.source_versions
                """).With(hubId).WithText(record.Entity.Name).WithText(record.System).WithText(record.ExternalId).With(record.SourceVersion)
                .WithText(hash).WithJsonText(record.Payload.GetRawText()).With(seenAt.ToUniversalTime()).WithJson(JsonSerializer.Serialize(versions));
            if (changeEvent is not null)
            {
                batch.RecordEvent(changeEvent, seenAt);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    public async Task<CanonicalState?> GetAsync(Guid hubId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            SELECT entity, source_system, source_external_id, source_version, hash, payload, seen_at, source_versions::text
              FROM canonical_records WHERE hub_id = $1
            """).With(hubId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var entity = new CanonicalEntity(reader.GetString(0));
        using var payload = JsonDocument.Parse(reader.GetString(5));
        return new CanonicalState(hubId, entity, new RecordIdentity(reader.GetString(1), entity, reader.GetString(2)), reader.GetInt64(3), reader.GetString(4),
            payload.RootElement.Clone(), reader.GetFieldValue<DateTimeOffset>(6), JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(7))!);
    }

    private const string WriteColumns = "target_system, entity, hub_id, source_system, source_external_id, source_version, hash, target_id, written_at";

    public async Task<TargetWrite?> GetWriteAsync(string targetSystem, CanonicalEntity entity, Guid hubId, CancellationToken cancellationToken = default)
    {
        var found = await WritesAsync(c => c.Command($"SELECT {WriteColumns} FROM target_writes WHERE target_system = $1 AND entity = $2 AND hub_id = $3")
            .WithText(targetSystem).WithText(entity.Name).With(hubId), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<TargetWrite>> ListWritesAsync(Guid hubId, CancellationToken cancellationToken = default) =>
        WritesAsync(c => c.Command($"""SELECT {WriteColumns} FROM target_writes WHERE hub_id = $1 ORDER BY target_system COLLATE "C", entity COLLATE "C" """)
            .With(hubId), cancellationToken);

    public async Task SaveWriteAsync(TargetWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"""
            INSERT INTO target_writes ({WriteColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (target_system, entity, hub_id) DO UPDATE SET source_system = excluded.source_system,
                source_external_id = excluded.source_external_id, source_version = excluded.source_version, hash = excluded.hash,
                target_id = excluded.target_id, written_at = excluded.written_at
            """).WithText(write.TargetSystem).WithText(write.Entity.Name).With(write.HubId).WithText(write.Source.System).WithText(write.Source.ExternalId)
            .With(write.SourceVersion).WithText(write.Hash).WithText(write.TargetId).With(write.WrittenAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PendingRecordEvent>> ListPendingEventsAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT id, {PostgresMessages.Columns} FROM record_events WHERE published_at IS NULL ORDER BY id LIMIT $1").With(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<PendingRecordEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new PendingRecordEvent(reader.GetInt64(0), PostgresMessages.Read(reader, 1)));
        }

        return events;
    }

    public async Task MarkEventPublishedAsync(long eventId, PublishReceipt receipt, DateTimeOffset publishedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("UPDATE record_events SET published_at = $1, partition_no = $2, offset_no = $3 WHERE id = $4")
            .With(publishedAt.ToUniversalTime()).With(receipt.Partition).With(receipt.Offset).With(eventId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<TargetWrite>> WritesAsync(Func<NpgsqlConnection, NpgsqlCommand> query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = query(connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var writes = new List<TargetWrite>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var entity = new CanonicalEntity(reader.GetString(1));
            writes.Add(new TargetWrite(reader.GetString(0), entity, reader.GetGuid(2), new RecordIdentity(reader.GetString(3), entity, reader.GetString(4)),
                reader.GetInt64(5), reader.GetString(6), reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8)));
        }

        return writes;
    }
}
