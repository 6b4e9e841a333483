using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Workflows.Activities.BuiltIn;

/// <summary>
/// Suspends the instance until an event with this name (and, when <c>correlationKey</c> is set, that correlation id)
/// is posted to the hub (<c>POST /api/v1/events/{name}</c>): outcome <c>Done</c>, the payload in the output
/// <c>payload</c> and in <c>variable</c> when given. With a <c>timeout</c> and no event by then: outcome <c>Timeout</c>.
/// </summary>
[Activity("WaitForEvent", "Suspends until a named (optionally correlated) event arrives (Done, payload in 'variable') or the timeout passes (Timeout).",
    Outcomes = [ActivityOutcomes.Done, TimeoutOutcome])]
[ActivityInput("event", typeof(string), "The event name, as posted to /api/v1/events/{name}.", Required = true)]
[ActivityInput("correlationKey", typeof(string), "Only an event with this correlation id resumes the instance (usually an expression). Without it any event of the name does.")]
[ActivityInput("timeout", typeof(TimeSpan), "Give up after this long with the outcome Timeout, e.g. 1.00:00:00.")]
[ActivityInput("variable", typeof(string), "Declared variable that receives the event payload.", VariableName = true)]
internal sealed class WaitForEventActivity : IResumableActivity
{
    public const string TimeoutOutcome = "Timeout";

    public ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var name = context.Input<string>("event");
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidOperationException("WaitForEvent needs a non-empty 'event' name.");
        }

        var key = context.HasInput("correlationKey") ? context.Input<string>("correlationKey") : null;
        DateTimeOffset? due = context.HasInput("timeout") ? context.Time.GetUtcNow() + context.Input<TimeSpan>("timeout") : null;
        context.CreateBookmark(WorkflowBookmark.EventKind, name, string.IsNullOrEmpty(key) ? null : key, due);
        return ValueTask.FromResult(ActivityOutcomes.Done);
    }

    public ValueTask<string> ResumeAsync(ActivityContext context, BookmarkStimulus stimulus)
    {
        if (stimulus.Kind == BookmarkStimulus.TimerKind)
        {
            return ValueTask.FromResult(TimeoutOutcome);
        }

        var payload = stimulus.Payload?.DeepClone();
        context.SetOutput("payload", payload);
        if (context.HasInput("variable"))
        {
            context.SetVariable(context.Input<string>("variable")!, payload);
        }

        return ValueTask.FromResult(ActivityOutcomes.Done);
    }
}
