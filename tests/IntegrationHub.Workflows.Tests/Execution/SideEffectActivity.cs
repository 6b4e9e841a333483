using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Workflows.Tests.Runtime;

/// <summary>Test activity with a side effect: adds its target to the shared <see cref="IterationProbe"/>.</summary>
[Activity("Test.SideEffect", "Records its target.", SideEffects = true)]
[ActivityInput("target", typeof(string), "Where it writes.", Required = true)]
[ActivityInput("apiToken", typeof(string), "A secret.")]
internal sealed class SideEffectActivity : IActivity
{
    public ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        context.Services.GetRequiredService<IterationProbe>().Seen.Enqueue(context.Input<string>("target")!);
        return ValueTask.FromResult(ActivityOutcomes.Done);
    }
}
