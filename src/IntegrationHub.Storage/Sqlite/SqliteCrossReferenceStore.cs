using Dapper;
using IntegrationHub.Connectors;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>SQLite implementation of <see cref="ICrossReferenceStore"/> (table <c>cross_references</c>; plain SQL that PostgreSQL runs too).</summary>
public sealed class SqliteCrossReferenceStore(SqliteConnectionFactory connections, TimeProvider time) : ICrossReferenceStore
{
    public async Task LinkAsync(Guid hubId, RecordIdentity record, CancellationToken cancellationToken = default)
    {
        var (system, entity, externalId) = Key(record);
        var key = new { system, entity, externalId };
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // BEGIN IMMEDIATE takes the write lock first, so two links of one record cannot both see "absent".
        await using var tx = connection.BeginTransaction(deferred: false);
        var existing = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT hub_id FROM cross_references WHERE system = @system AND entity = @entity AND external_id = @externalId", key, tx).ConfigureAwait(false);
        if (existing is not null)
        {
            var existingId = Guid.Parse(existing);
            if (existingId != hubId)
            {
                throw new CrossReferenceConflictException(record, existingId, hubId);
            }

            return; // already linked: nothing to write
        }

        var args = new { system, entity, externalId, hubId = hubId.ToString(), at = Stamp(time.GetUtcNow()) };
        await connection.ExecuteAsync("DELETE FROM cross_references WHERE hub_id = @hubId AND system = @system AND entity = @entity", args, tx).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO cross_references (system, entity, external_id, hub_id, linked_at) VALUES (@system, @entity, @externalId, @hubId, @at)", args, tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Guid?> FindHubIdAsync(RecordIdentity record, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var id = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT hub_id FROM cross_references WHERE system = @system AND entity = @entity AND external_id = @externalId", KeyArgs(record)).ConfigureAwait(false);
        return id is null ? null : Guid.Parse(id);
    }

    public async Task<IReadOnlyList<(RecordIdentity Record, DateTimeOffset LinkedAt)>> ListLinksAsync(Guid hubId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string System, string Entity, string ExternalId, string LinkedAt)>(
            "SELECT system, entity, external_id, linked_at FROM cross_references WHERE hub_id = @hubId ORDER BY system, entity",
            new { hubId = hubId.ToString() }).ConfigureAwait(false);
        return [.. rows.Select(r => (new RecordIdentity(r.System, new CanonicalEntity(r.Entity), r.ExternalId), SqliteTime.Parse(r.LinkedAt)))];
    }

    public async Task<string?> FindExternalIdAsync(Guid hubId, string system, CanonicalEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(system);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT external_id FROM cross_references WHERE hub_id = @hubId AND system = @system AND entity = @entity",
            new { hubId = hubId.ToString(), system = system.ToLowerInvariant(), entity = entity.Name }).ConfigureAwait(false);
    }

    private static object KeyArgs(RecordIdentity record)
    {
        var (system, entity, externalId) = Key(record);
        return new { system, entity, externalId };
    }

    private static (string System, string Entity, string ExternalId) Key(RecordIdentity record)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(record.System);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.ExternalId);
        return (record.System.ToLowerInvariant(), record.Entity.Name, record.ExternalId);
    }
}
