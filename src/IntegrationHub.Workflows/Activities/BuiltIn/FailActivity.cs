using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Workflows.Activities.BuiltIn;

[Activity("Fail", "Ends the instance as Faulted with a message (an incident).", Outcomes = [])]
[ActivityInput("message", typeof(string), "Why the workflow failed.", Required = true)]
internal sealed class FailActivity : IActivity
{
    public ValueTask<string> ExecuteAsync(ActivityContext context) =>
        throw new WorkflowFailException(context.Input<string>("message") ?? "Failed by the workflow.");
}
