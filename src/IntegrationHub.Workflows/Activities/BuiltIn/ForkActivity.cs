namespace IntegrationHub.Workflows.Activities.BuiltIn;

/// <summary>
/// Splits a flowchart into branches: connect several activities to its Done outcome and each gets a token. (Any
/// outcome with several connections does the same; Fork names the intent.) Branches run one after another on the
/// instance's single thread, as in Elsa's flowchart; use Join to wait for them.
/// </summary>
[Activity("Fork", "Starts every branch connected to its Done outcome.")]
internal sealed class ForkActivity : IActivity
{
    public ValueTask<string> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityOutcomes.Done);
}
