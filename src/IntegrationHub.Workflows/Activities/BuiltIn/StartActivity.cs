namespace IntegrationHub.Workflows.Activities.BuiltIn;

[Activity("Start", "Marks where a flowchart begins; does nothing else.")]
internal sealed class StartActivity : IActivity
{
    public ValueTask<string> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityOutcomes.Done);
}
