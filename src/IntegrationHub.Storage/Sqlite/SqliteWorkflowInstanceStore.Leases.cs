using Dapper;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>Leases: conditional UPDATEs on the instance row, so exactly one caller wins (grouped with other writes).</summary>
public sealed partial class SqliteWorkflowInstanceStore
{
    public async Task<bool> TryAcquireLeaseAsync(Guid instanceId, string owner, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        await writes.RunAsync((connection, tx) => connection.ExecuteAsync(
            """
            UPDATE workflow_instances SET lease_owner = @owner, lease_expires_at = @expires
             WHERE id = @id AND (lease_owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at < @now)
            """, new { id = instanceId.ToString(), owner, now = Stamp(now), expires = Stamp(expiresAt) }, tx), cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> RenewLeaseAsync(Guid instanceId, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        await writes.RunAsync((connection, tx) => connection.ExecuteAsync(
            "UPDATE workflow_instances SET lease_expires_at = @expires WHERE id = @id AND lease_owner = @owner",
            new { id = instanceId.ToString(), owner, expires = Stamp(expiresAt) }, tx), cancellationToken).ConfigureAwait(false) == 1;

    public Task ReleaseLeaseAsync(Guid instanceId, string owner, CancellationToken cancellationToken = default) =>
        writes.RunAsync((connection, tx) => connection.ExecuteAsync(
            "UPDATE workflow_instances SET lease_owner = NULL, lease_expires_at = NULL WHERE id = @id AND lease_owner = @owner",
            new { id = instanceId.ToString(), owner }, tx), cancellationToken);
}
