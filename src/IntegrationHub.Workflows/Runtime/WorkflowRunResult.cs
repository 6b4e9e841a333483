namespace IntegrationHub.Workflows.Runtime;

/// <summary>Status of an instance, as in Elsa: Running, Suspended or Finished, with the sub-status saying how.</summary>
public enum WorkflowStatus { Running, Suspended, Finished }

public enum WorkflowSubStatus { Pending, Executing, Suspended, Finished, Cancelled, Faulted }

/// <summary>
/// Why an instance faulted: the activity and the error, as an incident. <see cref="Path"/> lists the activity ids from
/// the root down to the failed one; a retry resumes at the root's child on that path.
/// </summary>
public sealed record WorkflowIncident(string ActivityId, string ActivityType, string ExceptionType, string Message, DateTimeOffset At)
{
    public IReadOnlyList<string> Path { get; init; } = [];
}

/// <summary>One activity execution in the journal.</summary>
public sealed record JournalEntry(string ActivityId, string ActivityType, DateTimeOffset StartedAt, TimeSpan Duration, string? Outcome, string? Error)
{
    /// <summary>Why the entry is special, e.g. <c>skipped (dry run)</c>; null for a normal execution.</summary>
    public string? Note { get; init; }

    /// <summary>The evaluated inputs of a dry-run-skipped activity (sensitive names masked); null otherwise.</summary>
    public System.Text.Json.Nodes.JsonObject? Inputs { get; init; }
}

/// <summary>How a run ended, with the final variables and the journal.</summary>
public sealed record WorkflowRunResult(
    WorkflowStatus Status,
    WorkflowSubStatus SubStatus,
    IReadOnlyDictionary<string, object?> Variables,
    IReadOnlyList<JournalEntry> Journal,
    WorkflowIncident? Incident);

/// <summary>How much the journal records. The default is <see cref="Activities"/>.</summary>
public enum JournalDetail { None, Activities }
