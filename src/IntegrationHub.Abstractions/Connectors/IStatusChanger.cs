namespace IntegrationHub.Connectors;

/// <summary>
/// Moves a record to a status through the system's own document rules (K3Cloud's Submit and Audit, for example), where
/// those rules allow it from the record's current status. The status words are the canonical ones of the entity.
/// </summary>
public interface IStatusChanger
{
    /// <summary>Changes the status of the record <paramref name="externalId"/> to <paramref name="status"/>.</summary>
    /// <returns><see cref="StatusChangeOutcome.Unchanged"/> when it has that status already (nothing called),
    /// <see cref="StatusChangeOutcome.NotAllowed"/> with the reason when the rules refuse it, <see cref="StatusChangeOutcome.NotFound"/>
    /// when the system has no such record.</returns>
    /// <exception cref="ConnectorException">The system could not be asked (transient or permanent).</exception>
    Task<StatusChangeResult> ChangeStatusAsync(string externalId, string status, CancellationToken cancellationToken = default);
}

public enum StatusChangeOutcome
{
    Changed,
    Unchanged,
    NotAllowed,
    NotFound,
}

/// <param name="Status">The record's status after the call (null when not found).</param>
/// <param name="Reason">Why a change was not allowed (the system's own message where it gave one).</param>
public sealed record StatusChangeResult(StatusChangeOutcome Outcome, string? Status, string? Reason = null);
