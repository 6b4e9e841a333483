namespace IntegrationHub.Workflows.Activities.BuiltIn;

[Activity("Switch", "Completes with the case equal to the value (compared as text), or Default.", Outcomes = [ActivityOutcomes.Default], OutcomesFromInput = "cases")]
[ActivityInput("value", typeof(string), "The value to match, usually an expression.", Required = true)]
[ActivityInput("cases", typeof(IReadOnlyList<string>), "The case values; each is an outcome.", Required = true)]
internal sealed class SwitchActivity : IActivity
{
    public ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var value = context.Input<string>("value");
        var cases = context.Input<IReadOnlyList<string>>("cases")!;
        for (var i = 0; i < cases.Count; i++)
        {
            if (string.Equals(cases[i], value, StringComparison.Ordinal))
            {
                return ValueTask.FromResult(cases[i]);
            }
        }

        return ValueTask.FromResult(ActivityOutcomes.Default);
    }
}
