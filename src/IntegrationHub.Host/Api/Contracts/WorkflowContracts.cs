using System.Text.Json.Nodes;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Host.Api.Contracts;

/// <summary><c>GET /api/v1/workflows</c>: the loaded definitions (latest version each) and the files refused at load.</summary>
internal sealed record WorkflowList(IEnumerable<WorkflowSummary> Definitions, IEnumerable<RejectedFile> Rejected);

/// <param name="Retired">Its file was deleted: nothing new starts on it; running instances finish on their version.</param>
internal sealed record WorkflowSummary(string DefinitionId, string? Name, string? Description, int Version, IEnumerable<int> Versions, string Path,
    IEnumerable<string> Triggers, bool Retired)
{
    public static WorkflowSummary Of(CatalogEntry entry, IEnumerable<int> versions, bool retired) => new(entry.DefinitionId,
        entry.Workflow.Definition.Name, entry.Workflow.Definition.Description, entry.Version, versions, entry.Path,
        entry.Workflow.Definition.Triggers.Select(t => t.Type), retired);
}

/// <summary>A run's answer (<c>POST /api/v1/workflows/{id}/run</c>).</summary>
internal sealed record WorkflowRun(Guid InstanceId, string DefinitionId, int Version, string Status, string SubStatus, WorkflowIncident? Incident,
    IReadOnlyDictionary<string, object?> Variables, IEnumerable<WorkflowRunStep> Journal, IEnumerable<WorkflowBookmarkView> Bookmarks);

internal sealed record WorkflowRunStep(string ActivityId, string ActivityType, DateTimeOffset StartedAt, double DurationMs, string? Outcome, string? Error,
    JsonObject? Inputs, JsonObject? Outputs)
{
    public static WorkflowRunStep Of(JournalEntry j) => new(j.ActivityId, j.ActivityType, j.StartedAt, j.Duration.TotalMilliseconds, j.Outcome, j.Error, j.Inputs, j.Outputs);
}

/// <summary>Where an instance waits (a run's answer and a stored instance show the same).</summary>
internal sealed record WorkflowBookmarkView(Guid BookmarkId, string ActivityId, string Kind, string? Name, string? CorrelationKey, DateTimeOffset? DueAt);

/// <summary>One stored instance (<c>GET /api/v1/workflow-instances/{id}</c>): variables, journal, incident, position as stored.</summary>
internal sealed record WorkflowInstanceDetail(Guid InstanceId, string DefinitionId, int Version, string Status, string SubStatus, string? CorrelationId,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, JsonNode? Variables, JsonNode? Journal, JsonNode? Incident, JsonNode? Position,
    IEnumerable<WorkflowBookmarkView> Bookmarks)
{
    public static WorkflowInstanceDetail Of(WorkflowInstanceRecord i, IEnumerable<WorkflowBookmarkRecord> bookmarks) => new(i.InstanceId, i.DefinitionId,
        i.Version, i.Status, i.SubStatus, i.CorrelationId, i.CreatedAt, i.FinishedAt, JsonNode.Parse(i.VariablesJson), JsonNode.Parse(i.JournalJson),
        i.IncidentJson is null ? null : JsonNode.Parse(i.IncidentJson), i.PositionJson is null ? null : JsonNode.Parse(i.PositionJson),
        bookmarks.Select(b => new WorkflowBookmarkView(b.BookmarkId, b.ActivityId, b.Kind, b.Name, b.CorrelationKey, b.DueAt)));
}

/// <summary>A retried instance's answer.</summary>
internal sealed record WorkflowRetried(Guid InstanceId, string SubStatus, WorkflowIncident? Incident, IReadOnlyDictionary<string, object?> Variables);

/// <param name="Cancellation"><c>requested</c> when the instance runs on a node and stops at its next activity (202); null when cancelled (200).</param>
internal sealed record WorkflowCancelled(Guid InstanceId, string Status, string SubStatus)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Cancellation { get; init; }
}

/// <summary><c>POST /api/v1/events/{eventName}</c>: the instances resumed, or until when the event waits for one.</summary>
internal sealed record EventRaised(string EventName, string? CorrelationId, IEnumerable<EventResumed> Resumed, DateTimeOffset? QueuedUntil);

internal sealed record EventResumed(Guid InstanceId, string ActivityId, string Status, string SubStatus);

/// <summary>The body of <c>POST /api/v1/events/{eventName}</c> (both optional; an empty body is allowed).</summary>
internal sealed record EventBody(string? CorrelationId, JsonNode? Payload);

/// <summary>The body of <c>POST /api/v1/flows/{flow}/backfill</c>: re-read from this time, or from the beginning without a body.</summary>
internal sealed record BackfillBody(DateTimeOffset? From);
