using IntegrationHub.Workflows.Activities;

namespace IntegrationHub.Workflows.Tests.Runtime;

/// <summary>Test activity: fails until it has been called more than <c>failures</c> times in the instance, counting in a variable.</summary>
[Activity("Test.Flaky", "Fails the first N calls of an instance.")]
[ActivityInput("failures", typeof(int), "How many calls fail.", Required = true)]
[ActivityInput("counter", typeof(string), "Variable counting the calls.", Required = true, VariableName = true)]
internal sealed class FlakyActivity : IActivity
{
    public ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var counter = context.Input<string>("counter")!;
        var calls = (int)context.GetVariable(counter)! + 1;
        context.SetVariable(counter, calls);
        return calls <= context.Input<int>("failures")
            ? throw new TimeoutException($"flaky call {calls}")
            : ValueTask.FromResult(ActivityOutcomes.Done);
    }
}
