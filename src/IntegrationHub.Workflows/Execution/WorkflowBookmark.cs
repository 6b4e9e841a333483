namespace IntegrationHub.Workflows.Execution;

/// <summary>
/// What a suspended instance waits for, created by an activity with <c>ActivityContext.CreateBookmark</c>.
/// <see cref="Name"/> is the stimulus name (an event name for <c>Event</c> bookmarks); <see cref="CorrelationKey"/>,
/// when set, must equal the stimulus' correlation id; <see cref="DueAt"/>, when set, makes the host's timer resume the
/// instance at that time with a <see cref="BookmarkStimulus.TimerKind"/> stimulus.
/// </summary>
public sealed record WorkflowBookmark(Guid Id, string ActivityId, string Kind, string? Name, string? CorrelationKey, DateTimeOffset? DueAt)
{
    public const string TimerKind = "Timer";
    public const string EventKind = "Event";
}
