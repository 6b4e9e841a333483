namespace IntegrationHub.Workflows.Activities.BuiltIn;

[Activity("Sequence", "Runs its activities one after the other.", Composite = true)]
internal sealed class SequenceActivity : IActivity
{
    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        await context.RunBodyAsync().ConfigureAwait(false);
        return ActivityOutcomes.Done;
    }
}
