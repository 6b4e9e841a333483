namespace IntegrationHub.Workflows.Activities.BuiltIn;

[Activity("Flowchart", "Runs its activities as a graph: from the one with no inbound connection, following the connections whose outcome matches.", Composite = true)]
internal sealed class FlowchartActivity : IActivity
{
    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        await context.RunBodyAsync().ConfigureAwait(false);
        return ActivityOutcomes.Done;
    }
}
