using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Workflows.Tests.Runtime;

/// <summary>Test activity: reports its item to the test's <see cref="IterationProbe"/>, optionally blocking until cancelled.</summary>
[Activity("Test.Probe", "Records the item it sees in the shared IterationProbe.")]
[ActivityInput("item", typeof(string), "What the iteration sees.", Required = true)]
[ActivityInput("block", typeof(bool), "Wait until cancelled.")]
internal sealed class ProbeActivity : IActivity
{
    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        await context.Services.GetRequiredService<IterationProbe>()
            .EnterAsync(context.Input<string>("item")!, context.Input<bool>("block"), context.CancellationToken);
        return ActivityOutcomes.Done;
    }
}
