namespace IntegrationHub.Workflows.Activities.BuiltIn;

/// <summary>
/// Merges branches: with <c>WaitAll</c> (default) it runs once every inbound connection has delivered its token,
/// with <c>WaitAny</c> once on the first token (later ones are dropped). The flowchart runtime does the counting.
/// </summary>
[Activity("Join", "Waits for its inbound branches (WaitAll, the default, or WaitAny) and then continues once.", Join = true)]
[ActivityInput("mode", typeof(string), "WaitAll (every inbound connection) or WaitAny (the first). The default is WaitAll.", Allowed = ["WaitAll", "WaitAny"])]
internal sealed class JoinActivity : IActivity
{
    public ValueTask<string> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityOutcomes.Done);
}
