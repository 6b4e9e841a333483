namespace IntegrationHub.Storage;

/// <summary>
/// Where workflow instances are kept: their status, variables, journal and incident, as JSON documents the engine
/// writes. Saving an instance id again replaces it (the latest state wins).
/// </summary>
public interface IWorkflowInstanceStore
{
    Task SaveAsync(WorkflowInstanceRecord instance, CancellationToken cancellationToken = default);

    Task<WorkflowInstanceRecord?> GetAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Deletes finished instances (with their journal) that finished before <paramref name="before"/>; returns how many.</summary>
    Task<int> DeleteFinishedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>Newest first, optionally filtered by definition and status (either the status or the sub-status).</summary>
    Task<IReadOnlyList<WorkflowInstanceSummary>> ListAsync(WorkflowInstanceQuery query, CancellationToken cancellationToken = default);
}

/// <param name="VariablesJson">Final variables as a JSON object.</param>
/// <param name="JournalJson">Activity executions as a JSON array.</param>
/// <param name="IncidentJson">The incident as a JSON object when the instance faulted.</param>
/// <param name="InputJson">The instance's input, kept so a faulted instance can be retried.</param>
public sealed record WorkflowInstanceRecord(
    Guid InstanceId,
    string DefinitionId,
    int Version,
    string Status,
    string SubStatus,
    string? CorrelationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string VariablesJson,
    string JournalJson,
    string? IncidentJson,
    string? InputJson = null);

public sealed record WorkflowInstanceSummary(
    Guid InstanceId,
    string DefinitionId,
    int Version,
    string Status,
    string SubStatus,
    string? CorrelationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt);

public sealed record WorkflowInstanceQuery(string? DefinitionId = null, string? Status = null, int Limit = 50);
