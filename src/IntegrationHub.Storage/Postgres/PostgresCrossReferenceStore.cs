using IntegrationHub.Connectors;
using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>
/// PostgreSQL implementation of <see cref="ICrossReferenceStore"/> (table <c>cross_references</c>), safe for several
/// nodes: a link reads the external id's row <c>FOR UPDATE</c>, and when two nodes insert at once, the unique keys decide
/// and the loser reads again (a conflict with another hub id, or a link that is already there).
/// </summary>
public sealed class PostgresCrossReferenceStore(NpgsqlDataSource database, TimeProvider time) : ICrossReferenceStore
{
    private const int Attempts = 5;

    public async Task LinkAsync(Guid hubId, RecordIdentity record, CancellationToken cancellationToken = default)
    {
        var (system, entity, externalId) = Key(record);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await LinkOnceAsync(hubId, record, system, entity, externalId, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt < Attempts)
            {
                // Another node linked this record, or this hub record, in the meantime: decide again on what is there now.
            }
        }
    }

    private async Task LinkOnceAsync(Guid hubId, RecordIdentity record, string system, string entity, string externalId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var find = connection.Command(
            "SELECT hub_id FROM cross_references WHERE system = $1 AND entity = $2 AND external_id = $3 FOR UPDATE", tx)
            .WithText(system).WithText(entity).WithText(externalId))
        {
            if (await find.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is Guid existing)
            {
                if (existing != hubId)
                {
                    throw new CrossReferenceConflictException(record, existing, hubId);
                }

                return; // already linked: nothing to write
            }
        }

        await using (var batch = new NpgsqlBatch(connection, tx))
        {
            // The system's earlier record of this hub record (the target was recreated) gives way to the new one.
            batch.Statement("DELETE FROM cross_references WHERE hub_id = $1 AND system = $2 AND entity = $3").With(hubId).WithText(system).WithText(entity);
            batch.Statement("INSERT INTO cross_references (system, entity, external_id, hub_id, linked_at) VALUES ($1, $2, $3, $4, $5)")
                .WithText(system).WithText(entity).WithText(externalId).With(hubId).With(time.GetUtcNow());
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Guid?> FindHubIdAsync(RecordIdentity record, CancellationToken cancellationToken = default)
    {
        var (system, entity, externalId) = Key(record);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT hub_id FROM cross_references WHERE system = $1 AND entity = $2 AND external_id = $3")
            .WithText(system).WithText(entity).WithText(externalId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is Guid id ? id : null;
    }

    public async Task<IReadOnlyList<(RecordIdentity Record, DateTimeOffset LinkedAt)>> ListLinksAsync(Guid hubId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            SELECT system, entity, external_id, linked_at FROM cross_references WHERE hub_id = $1 ORDER BY system COLLATE "C", entity COLLATE "C"
            """).With(hubId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var links = new List<(RecordIdentity, DateTimeOffset)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            links.Add((new RecordIdentity(reader.GetString(0), new CanonicalEntity(reader.GetString(1)), reader.GetString(2)), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return links;
    }

    public async Task<string?> FindExternalIdAsync(Guid hubId, string system, CanonicalEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(system);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT external_id FROM cross_references WHERE hub_id = $1 AND system = $2 AND entity = $3")
            .With(hubId).WithText(system.ToLowerInvariant()).WithText(entity.Name);
        return (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static (string System, string Entity, string ExternalId) Key(RecordIdentity record)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(record.System);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.ExternalId);
        return (record.System.ToLowerInvariant(), record.Entity.Name, record.ExternalId);
    }
}
