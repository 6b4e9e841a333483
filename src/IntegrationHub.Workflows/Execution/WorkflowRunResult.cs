using System.Text.Json.Nodes;

namespace IntegrationHub.Workflows.Execution;

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

/// <summary>
/// One activity execution in the journal. <see cref="Inputs"/> (the evaluated inputs the activity read) and
/// <see cref="Outputs"/> (what it set with <c>SetOutput</c>) are recorded at <see cref="JournalDetail.Full"/>, with
/// sensitive fields masked; a dry run records the inputs of the side-effecting activities it skipped. An activity that
/// suspended the instance has the outcome <c>Suspended</c>.
/// </summary>
public sealed record JournalEntry(string ActivityId, string ActivityType, DateTimeOffset StartedAt, TimeSpan Duration, string? Outcome, string? Error)
{
    /// <summary>Why the entry is special, e.g. <c>skipped (dry run)</c>; null for a normal execution.</summary>
    public string? Note { get; init; }

    public JsonObject? Inputs { get; init; }

    public JsonObject? Outputs { get; init; }

    /// <summary>The hub node (<c>Workflows:NodeId</c>) that ran the activity; set when a durable instance's run is saved.</summary>
    public string? Node { get; init; }
}

/// <summary>How a run ended (Finished, Faulted, Cancelled or Suspended), with the variables and the journal.</summary>
public sealed record WorkflowRunResult(
    WorkflowStatus Status,
    WorkflowSubStatus SubStatus,
    IReadOnlyDictionary<string, object?> Variables,
    IReadOnlyList<JournalEntry> Journal,
    WorkflowIncident? Incident)
{
    /// <summary>What a suspended instance waits for (empty unless <see cref="Status"/> is Suspended).</summary>
    public IReadOnlyList<WorkflowBookmark> Bookmarks { get; init; } = [];

    /// <summary>Where a suspended instance resumes (null unless <see cref="Status"/> is Suspended).</summary>
    public WorkflowPosition? Position { get; init; }
}

/// <summary>
/// How much the journal records. <see cref="None"/>: nothing; <see cref="Activities"/> (the default): one entry per
/// activity with outcome, duration and error; <see cref="Full"/>: also the evaluated inputs and the outputs, masked.
/// </summary>
public enum JournalDetail { None, Activities, Full }
