using System.Text.Json.Nodes;

namespace IntegrationHub.Workflows.Execution;

/// <summary>
/// Where a suspended instance stands: <see cref="Path"/> is the activity ids from the root down to the activity that
/// suspended; <see cref="Frames"/> is the state each composite on that path saved (a Sequence's index, a Flowchart's
/// current activity, pending tokens and Join arrivals, a ForEach's item index, plus anything an activity keeps with
/// <c>ActivityContext.SetState</c>). Plain JSON, so it is persisted with the instance.
/// </summary>
public sealed record WorkflowPosition(IReadOnlyList<string> Path, IReadOnlyDictionary<string, JsonObject> Frames)
{
    public string ActivityId => Path[^1];
}
