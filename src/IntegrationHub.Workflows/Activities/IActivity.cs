namespace IntegrationHub.Workflows.Activities;

/// <summary>
/// The one extension point for activities: implement it, describe it with <see cref="ActivityAttribute"/> and
/// <see cref="ActivityInputAttribute"/>, register it with <c>AddActivity&lt;T&gt;()</c>. One instance serves every
/// execution, so keep per-run state in the <see cref="ActivityContext"/>.
/// </summary>
public interface IActivity
{
    /// <summary>Runs the activity and returns the outcome whose connections the flowchart follows (usually <c>Done</c>).</summary>
    ValueTask<string> ExecuteAsync(ActivityContext context);
}
