using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Workflows.Activities;

/// <summary>
/// An activity that can suspend the instance: its <see cref="IActivity.ExecuteAsync"/> creates a bookmark with
/// <see cref="ActivityContext.CreateBookmark"/>; when a matching stimulus arrives the engine calls
/// <see cref="ResumeAsync"/> on the same activity, whose outcome the flowchart follows.
/// </summary>
public interface IResumableActivity : IActivity
{
    ValueTask<string> ResumeAsync(ActivityContext context, BookmarkStimulus stimulus);
}
