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
[ActivityInput("resumedVariable", typeof(string), "Declared long variable that receives how many instances were resumed.", VariableName = true)]
internal sealed class RaiseEventActivity : IActivity
{
    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var name = context.Input<string>("event");
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidOperationException($"{context.ActivityId}: event must not be empty.");
        }

        var correlationId = context.Input<string>("correlationId") is { Length: > 0 } c ? c : null;
        var raised = await context.Services.GetRequiredService<IWorkflowEvents>()
            .RaiseAsync(name, correlationId, context.Input<JsonNode>("payload")?.DeepClone(), context.CancellationToken).ConfigureAwait(false);
        if (raised.QueueFull)
        {
            throw new InvalidOperationException($"{context.ActivityId}: nobody waits for '{name}' and the event queue is full (Workflows:MaxQueuedEvents).");
        }

        if (context.Input<string>("resumedVariable") is { Length: > 0 } resumedVariable)
        {
            context.SetVariable(resumedVariable, (long)raised.Resumed.Count);
        }

        return ActivityOutcomes.Done;
    }
}
