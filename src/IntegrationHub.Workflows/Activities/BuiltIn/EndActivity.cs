namespace IntegrationHub.Workflows.Activities.BuiltIn;

[Activity("End", "Finishes the workflow instance; nothing after it runs.", Outcomes = [])]
internal sealed class EndActivity : IActivity
{
    public ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        context.FinishWorkflow();
        return ValueTask.FromResult(ActivityOutcomes.Done);
    }
}
