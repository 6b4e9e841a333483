using System.Collections;

namespace IntegrationHub.Workflows.Activities.BuiltIn;

/// <summary>
/// Runs its body per item. With <c>maxParallelism</c> 1 (the default) iterations run one after another and the
/// variable is the instance's own (after the loop it holds the last item). Above 1, up to that many iterations run at
/// once, each with its own copy of the variable; see <see cref="Execution.ParallelIterations"/> for shared variables,
/// failures and End. Inside a parallel iteration, a nested loop's variable is local to the iteration as well.
/// </summary>
[Activity("ForEach", "Runs its activities once per item with the item in a declared variable: in order, or up to maxParallelism iterations at once.", Composite = true)]
[ActivityInput("items", typeof(IEnumerable), "The items: a list, a JSON array or an expression giving one.", Required = true)]
[ActivityInput("variable", typeof(string), "Declared variable that holds the current item (per iteration when parallel).", Required = true, VariableName = true)]
[ActivityInput("maxParallelism", typeof(int), "Iterations that may run at once; the first failure cancels the others. The default is 1 (in order).")]
internal sealed class ForEachActivity : IActivity
{
    private const string IndexState = "index";

    public ValueTask<string> ExecuteAsync(ActivityContext context) => RunAsync(context, defaultParallelism: 1);

    internal static async ValueTask<string> RunAsync(ActivityContext context, int defaultParallelism)
    {
        var variable = context.Input<string>("variable")!;
        var items = context.Input<IEnumerable>("items") ?? Array.Empty<object>();
        var maxParallelism = context.HasInput("maxParallelism") ? context.Input<int>("maxParallelism") : defaultParallelism;
        if (maxParallelism != 1 || context.Scope.IsBranch)
        {
            // A suspension inside a parallel iteration is not supported (see ParallelIterations).
            await context.RunBodyPerItemAsync(items, variable, maxParallelism).ConfigureAwait(false);
            return ActivityOutcomes.Done;
        }

        // After a suspension inside the body the instance resumes at the same item (items are evaluated again).
        var resumeAt = context.GetState<int>(IndexState);
        var index = 0;
        foreach (var item in items)
        {
            if (index++ < resumeAt)
            {
                continue;
            }

            context.CancellationToken.ThrowIfCancellationRequested();
            context.SetVariable(variable, item);
            await context.RunBodyAsync().ConfigureAwait(false);
            if (context.IsSuspending)
            {
                context.SetState(IndexState, index - 1);
                break;
            }

            if (context.WorkflowFinishing)
            {
                break;
            }
        }

        return ActivityOutcomes.Done;
    }
}
