using Dapper;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>Leases: conditional UPDATEs on the instance row, so exactly one caller wins.</summary>
public sealed partial class SqliteWorkflowInstanceStore
{
    public async Task<bool> TryAcquireLeaseAsync(Guid instanceId, string owner, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            """
            UPDATE workflow_instances SET lease_owner = @owner, lease_expires_at = @expires
             WHERE id = @id AND (lease_owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at < @now)
            """, new { id = instanceId.ToString(), owner, now = Stamp(now), expires = Stamp(expiresAt) }).ConfigureAwait(false) == 1;
    }

    public async Task<bool> RenewLeaseAsync(Guid instanceId, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "UPDATE workflow_instances SET lease_expires_at = @expires WHERE id = @id AND lease_owner = @owner",
            new { id = instanceId.ToString(), owner, expires = Stamp(expiresAt) }).ConfigureAwait(false) == 1;
    }

    public async Task ReleaseLeaseAsync(Guid instanceId, string owner, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE workflow_instances SET lease_owner = NULL, lease_expires_at = NULL WHERE id = @id AND lease_owner = @owner",
            new { id = instanceId.ToString(), owner }).ConfigureAwait(false);
    }
}
