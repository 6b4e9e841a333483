using IntegrationHub.Workflows.Expressions;

namespace IntegrationHub.Workflows.Activities.BuiltIn;

/// <summary>
/// Elsa's RunJavaScript: runs a script (its <c>script</c> input is JavaScript, parsed when the definition loads) and
/// completes with the outcome the script chose with <c>setOutcome(name)</c> (one of <c>possibleOutcomes</c>), else Done.
/// The script's value goes to <c>resultVariable</c> when one is named.
/// </summary>
[Activity("RunJavaScript", "Runs JavaScript (Elsa's helpers, setOutcome) and completes with the outcome it sets, or Done; its value can go to a variable.",
    Outcomes = [ActivityOutcomes.Done], OutcomesFromInput = "possibleOutcomes")]
[ActivityInput("script", typeof(object), "The JavaScript to run (an Elsa JavaScript expression; Elsa's files give it as text).", Required = true)]
[ActivityInput("possibleOutcomes", typeof(IReadOnlyList<string>), "The outcomes setOutcome may choose; each is a port.")]
[ActivityInput("resultVariable", typeof(string), "Declared variable that receives the script's value.", VariableName = true)]
internal sealed class RunJavaScriptActivity : IActivity
{
    public ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        using var outcomes = JavaScriptOutcomes.Capture();
        var value = context.Input<object>("script");
        if (context.Input<string>("resultVariable") is { } variable)
        {
            context.SetVariable(variable, value);
        }

        var chosen = outcomes.Chosen ?? ActivityOutcomes.Done;
        var possible = context.HasInput("possibleOutcomes") ? context.Input<IReadOnlyList<string>>("possibleOutcomes") ?? [] : [];
        return chosen == ActivityOutcomes.Done || possible.Contains(chosen, StringComparer.Ordinal)
            ? ValueTask.FromResult(chosen)
            : throw new InvalidOperationException($"setOutcome('{chosen}') is not one of the possible outcomes ({(possible.Count == 0 ? "none" : string.Join(", ", possible))})");
    }
}
