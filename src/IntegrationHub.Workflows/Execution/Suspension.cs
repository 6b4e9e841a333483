using System.Text.Json.Nodes;

namespace IntegrationHub.Workflows.Execution;

/// <summary>
/// Collected while a suspension unwinds the walk: the bookmarks, the path (leaf first, reversed at the end) and the
/// frame of every activity on it that saved state.
/// </summary>
internal sealed class Suspension
{
    public List<WorkflowBookmark> Bookmarks { get; } = new(1);

    public List<string> Path { get; } = new(4);

    public Dictionary<string, JsonObject> Frames { get; } = new(StringComparer.Ordinal);

    public WorkflowPosition ToPosition() => new([.. Enumerable.Reverse(Path)], Frames);
}

/// <summary>A resume in progress: frames not yet handed back to their activities, and the stimulus for the leaf.</summary>
internal sealed class ResumeState(WorkflowPosition position, BookmarkStimulus stimulus)
{
    public Dictionary<string, JsonObject> Frames { get; } = position.Frames.ToDictionary(f => f.Key, f => (JsonObject)f.Value.DeepClone(), StringComparer.Ordinal);

    public string LeafId { get; } = position.ActivityId;

    public BookmarkStimulus Stimulus { get; } = stimulus;
}
