using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Workflows.Activities.BuiltIn;

/// <summary>
/// Runs another workflow (Elsa's ExecuteWorkflow) to its end and continues with its result: the child's final
/// variables and status go to <c>resultVariable</c>; a faulted child faults this activity with the child's incident.
/// Nesting is limited to <see cref="MaxDepth"/> levels (a workflow that runs itself by a literal id is rejected at load).
/// </summary>
[Activity("RunWorkflow", "Runs a child workflow (newest or given version) to its end; its variables become this activity's result; a faulted child faults it.")]
[ActivityInput("definitionId", typeof(string), "The child workflow's definition id.", Required = true, NameKind = NameKinds.Workflow)]
[ActivityInput("version", typeof(int), "The child's version. The default is the newest loaded.")]
[ActivityInput("input", typeof(JsonNode), "The child's input (its ${ input }).")]
[ActivityInput("resultVariable", typeof(string), "Declared json variable that receives { status, variables } of the child.", VariableName = true)]
internal sealed class RunWorkflowActivity : IActivity
{
    public const int MaxDepth = 8;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var id = context.Input<string>("definitionId") ?? "";
        int? version = context.HasInput("version") ? context.Input<int>("version") : null;
        if (ChildWorkflowDepth.Value >= MaxDepth)
        {
            throw new InvalidOperationException($"RunWorkflow '{id}' would nest deeper than {MaxDepth} workflows (recursion?).");
        }

        var catalog = context.Services.GetRequiredService<WorkflowCatalog>();
        var entry = catalog.Find(id, version)
            ?? throw new InvalidOperationException(
                version is { } v ? $"workflow '{id}' version {v} is not loaded"
                : catalog.IsRetired(id) ? $"workflow '{id}' is retired (its file was deleted)"
                : $"workflow '{id}' is not loaded");
        var runner = context.Services.GetRequiredService<IChildWorkflowRunner>();
        var parent = new ChildWorkflowParent(context.DefinitionId, context.DefinitionVersion, context.ActivityId);
        var input = context.Input<JsonNode>("input");
        var result = await ChildWorkflowDepth.EnterAsync(() => runner.RunAsync(entry.Workflow, input?.DeepClone(), parent, context.CancellationToken)).ConfigureAwait(false);
        switch (result.SubStatus)
        {
            case WorkflowSubStatus.Faulted:
                var incident = result.Incident!;
                throw new ChildWorkflowFaultedException($"child workflow '{id}' v{entry.Version} faulted at '{incident.ActivityId}': {incident.Message}");
            case WorkflowSubStatus.Cancelled:
                context.CancellationToken.ThrowIfCancellationRequested();
                throw new ChildWorkflowFaultedException($"child workflow '{id}' v{entry.Version} was cancelled");
        }

        if (context.HasInput("resultVariable"))
        {
            context.SetVariable(context.Input<string>("resultVariable")!, new JsonObject
            {
                ["definitionId"] = id,
                ["version"] = entry.Version,
                ["status"] = result.SubStatus.ToString(),
                ["variables"] = JsonSerializer.SerializeToNode(result.Variables, Json),
            });
        }

        return ActivityOutcomes.Done;
    }
}
