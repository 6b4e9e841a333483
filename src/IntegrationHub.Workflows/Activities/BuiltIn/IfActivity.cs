namespace IntegrationHub.Workflows.Activities.BuiltIn;

[Activity("If", "Completes with True or False depending on a condition (Elsa's FlowDecision).", Outcomes = [ActivityOutcomes.True, ActivityOutcomes.False])]
[ActivityInput("condition", typeof(bool), "The condition, usually an expression.", Required = true)]
internal sealed class IfActivity : IActivity
{
    private static readonly ValueTask<string> True = ValueTask.FromResult(ActivityOutcomes.True);
    private static readonly ValueTask<string> False = ValueTask.FromResult(ActivityOutcomes.False);

    public ValueTask<string> ExecuteAsync(ActivityContext context) => context.Input<bool>("condition") ? True : False;
}
