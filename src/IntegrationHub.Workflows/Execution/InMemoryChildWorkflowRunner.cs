using System.Text.Json.Nodes;

namespace IntegrationHub.Workflows.Execution;

/// <summary>The default <see cref="IChildWorkflowRunner"/>: runs the child through the engine in memory, nothing stored.</summary>
internal sealed class InMemoryChildWorkflowRunner(WorkflowEngine engine) : IChildWorkflowRunner
{
    public ValueTask<WorkflowRunResult> RunAsync(ExecutableWorkflow child, JsonNode? input, ChildWorkflowParent parent, CancellationToken cancellationToken = default) =>
        engine.RunAsync(child, input, cancellationToken);
}
