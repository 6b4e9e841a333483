using IntegrationHub.Workflows.Activities;
using IntegrationHub.Workflows.Runtime.Events;

namespace IntegrationHub.Workflows.Runtime.Activities;

/// <summary>
/// Raises an event for other instances, as <c>POST /api/v1/events/{name}</c> does: every instance waiting for it with the
/// correlation key (or none) is resumed; when none waits it is queued for <c>Workflows:EventRetention</c>. A full queue
/// faults the activity (the retry policy applies). Used for example to complete orders parked until their customer arrives.
/// </summary>
[Activity("Event.Raise", "Raises an event: resumes every instance waiting for it (WaitForEvent with that correlation key), or queues it for the first one that waits.",
    SideEffects = true)]
[ActivityInput("event", typeof(string), "The event name.", Required = true)]
[ActivityInput("correlationId", typeof(string), "The correlation key waiting instances must have (or none).")]
[ActivityInput("payload", typeof(JsonNode), "The event's payload, given to the resumed instances.")]
[ActivityInput("keepFor", typeof(TimeSpan), "How long an event nobody waits for yet is kept for an instance that starts waiting later (at most, and by default, Workflows:EventRetention); 0 keeps none. A short time suits events raised in bulk.")]
[ActivityInput("resumedVariable", typeof(string), "Declared long variable that receives how many instances were resumed.", VariableName = true)]
[ActivityInput(ActivityItems.Each, typeof(JsonNode), "An array: one event per element (in the variable 'as' names), e.g. one per customer written.")]
[ActivityInput(ActivityItems.As, typeof(string), ActivityItems.AsDescription, VariableName = true)]
[ActivityInput(ActivityItems.Where, typeof(bool), ActivityItems.WhereDescription)]
internal sealed class RaiseEventActivity : IActivity
{
    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var events = context.Services.GetRequiredService<IWorkflowEvents>();
        var resumed = 0L;
        TimeSpan? keepFor = context.HasInput("keepFor") ? context.Input<TimeSpan>("keepFor") : null;
        foreach (var _ in ActivityItems.Select(context))
        {
            var name = context.Input<string>("event");
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new InvalidOperationException($"{context.ActivityId}: event must not be empty.");
            }

            var correlationId = context.Input<string>("correlationId") is { Length: > 0 } c ? c : null;
            var raised = await events.RaiseAsync(name, correlationId, context.Input<JsonNode>("payload")?.DeepClone(), context.CancellationToken, keepFor).ConfigureAwait(false);
            if (raised.QueueFull)
            {
                throw new InvalidOperationException($"{context.ActivityId}: nobody waits for '{name}' and the event queue is full (Workflows:MaxQueuedEvents).");
            }

            resumed += raised.Resumed.Count;
        }

        if (context.Input<string>("resumedVariable") is { Length: > 0 } resumedVariable)
        {
            context.SetVariable(resumedVariable, resumed);
        }

        return ActivityOutcomes.Done;
    }
}
