using System.Text.Json.Nodes;

namespace IntegrationHub.Workflows.Execution;

/// <summary>
/// Runs a child workflow for RunWorkflow, to its end. The engine's default runs it in memory; a host may replace it to
/// keep child instances in its store.
/// </summary>
internal interface IChildWorkflowRunner
{
    ValueTask<WorkflowRunResult> RunAsync(ExecutableWorkflow child, JsonNode? input, ChildWorkflowParent parent, CancellationToken cancellationToken = default);
}

/// <summary>Who started a child: the parent's definition, version and RunWorkflow activity.</summary>
internal sealed record ChildWorkflowParent(string DefinitionId, int Version, string ActivityId);
