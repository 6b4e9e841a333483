using System.Text.Json.Nodes;

namespace IntegrationHub.Workflows.Execution;

/// <summary>What resumed a bookmark: its due time passed (<see cref="TimerKind"/>) or an event arrived (<see cref="EventKind"/>, with its payload).</summary>
public sealed record BookmarkStimulus(string Kind, JsonNode? Payload = null)
{
    public const string TimerKind = WorkflowBookmark.TimerKind;
    public const string EventKind = WorkflowBookmark.EventKind;

    public static readonly BookmarkStimulus Timer = new(TimerKind);
}
