using System.Collections;

namespace IntegrationHub.Workflows.Activities.BuiltIn;

/// <summary>Elsa's name for a parallel loop: <see cref="ForEachActivity"/> with <c>maxParallelism</c> defaulting to <see cref="DefaultParallelism"/>.</summary>
[Activity("ParallelForEach", "Runs its activities once per item, up to maxParallelism iterations at once (default 8), each with its own copy of the variable.", Composite = true)]
[ActivityInput("items", typeof(IEnumerable), "The items: a list, a JSON array or an expression giving one.", Required = true)]
[ActivityInput("variable", typeof(string), "Declared variable that holds the current item, per iteration.", Required = true, VariableName = true)]
[ActivityInput("maxParallelism", typeof(int), "Iterations that may run at once; the first failure cancels the others. The default is 8.")]
internal sealed class ParallelForEachActivity : IActivity
{
    public const int DefaultParallelism = 8;

    public ValueTask<string> ExecuteAsync(ActivityContext context) => ForEachActivity.RunAsync(context, DefaultParallelism);
}
