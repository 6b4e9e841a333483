namespace IntegrationHub.Storage.Postgres;

/// <summary>Leases: conditional UPDATEs on the instance row. Racing nodes queue on the row lock and the condition is checked again, so exactly one wins.</summary>
public sealed partial class PostgresWorkflowStore
{
    public async Task<bool> TryAcquireLeaseAsync(Guid instanceId, string owner, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            UPDATE workflow_instances SET lease_owner = $1, lease_expires_at = $2
             WHERE id = $3 AND (lease_owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at < $4)
            """).WithText(owner).With(expiresAt.ToUniversalTime()).With(instanceId).With(now.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> RenewLeaseAsync(Guid instanceId, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("UPDATE workflow_instances SET lease_expires_at = $1 WHERE id = $2 AND lease_owner = $3")
            .With(expiresAt.ToUniversalTime()).With(instanceId).WithText(owner);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task ReleaseLeaseAsync(Guid instanceId, string owner, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("UPDATE workflow_instances SET lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2")
            .With(instanceId).WithText(owner);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
