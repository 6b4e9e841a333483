using Dapper;
using IntegrationHub.Connectors;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>
/// SQLite implementation of <see cref="ICrossReferenceStore"/> (table <c>cross_references</c>; plain SQL that PostgreSQL
/// runs too). Links are writes of the group commit.
/// </summary>
public sealed class SqliteCrossReferenceStore(SqliteConnectionFactory connections, TimeProvider time, SqliteGroupCommit writes) : ICrossReferenceStore
{
    // The group's BEGIN IMMEDIATE holds the write lock, so two links of one record cannot both see "absent"; a conflict
    // fails only this write (its savepoint is undone) and reaches the caller as CrossReferenceConflictException.
    public Task LinkAsync(Guid hubId, RecordIdentity record, CancellationToken cancellationToken = default) =>
        writes.RunAsync(async (connection, tx) =>
        {
            await LinkAsync(connection, tx, hubId, record).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private async Task LinkAsync(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction tx, Guid hubId, RecordIdentity record)
    {
        var (system, entity, externalId) = Key(record);
        var key = new { system, entity, externalId };
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
