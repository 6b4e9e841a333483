using System.Collections;

namespace IntegrationHub.Workflows.Activities.BuiltIn;

[Activity("ForEach", "Runs its activities once per item, in order, with the item in a declared variable.", Composite = true)]
[ActivityInput("items", typeof(IEnumerable), "The items: a list, a JSON array or an expression giving one.", Required = true)]
[ActivityInput("variable", typeof(string), "Declared variable that holds the current item.", Required = true, VariableName = true)]
internal sealed class ForEachActivity : IActivity
{
    private const string IndexState = "index";

    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var variable = context.Input<string>("variable")!;
        // After a suspension inside the body the instance resumes at the same item (items are evaluated again).
        var resumeAt = context.GetState<int>(IndexState);
        var index = 0;
        foreach (var item in context.Input<IEnumerable>("items") ?? Array.Empty<object>())
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
