using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Workflows.Activities.BuiltIn;

/// <summary>
/// Suspends the instance until a time: <c>duration</c> from now, or <c>until</c> an instant (one of them). The
/// instance is persisted and the host's timer resumes it when due, also after a restart. A time already past
/// continues at once without suspending.
/// </summary>
[Activity("Delay", "Suspends the instance for a duration or until a time (a timer bookmark), then continues with Done.")]
[ActivityInput("duration", typeof(TimeSpan), "How long to wait, e.g. 00:05:00. Give this or 'until'.")]
[ActivityInput("until", typeof(DateTimeOffset), "When to continue (ISO 8601). Give this or 'duration'.")]
internal sealed class DelayActivity : IResumableActivity
{
    private static readonly ValueTask<string> Done = ValueTask.FromResult(ActivityOutcomes.Done);

    public ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var now = context.Time.GetUtcNow();
        var due = context.HasInput("until") ? context.Input<DateTimeOffset>("until")
            : context.HasInput("duration") ? now + context.Input<TimeSpan>("duration")
            : throw new InvalidOperationException("Delay needs 'duration' or 'until'.");
        context.SetOutput("dueAt", due);
        if (due > now)
        {
            context.CreateBookmark(WorkflowBookmark.TimerKind, dueAt: due);
        }

        return Done;
    }

    public ValueTask<string> ResumeAsync(ActivityContext context, BookmarkStimulus stimulus) => Done;
}
