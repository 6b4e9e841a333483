using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Storage;
using IntegrationHub.Workflows;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Runtime;

namespace IntegrationHub.Host.Workflows;

/// <summary>Runs a workflow instance and keeps it in the store (status, variables, journal, incident).</summary>
internal sealed class WorkflowRunService(WorkflowEngine engine, IWorkflowInstanceStore instances, TimeProvider time)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(Guid InstanceId, WorkflowRunResult Result)> RunAsync(CatalogEntry entry, JsonNode? input, string? correlationId, CancellationToken cancellationToken)
    {
        var instanceId = Guid.CreateVersion7(time.GetUtcNow());
        var created = time.GetUtcNow();
        var result = await engine.RunAsync(entry.Workflow, input, cancellationToken);
        await instances.SaveAsync(new WorkflowInstanceRecord(
            instanceId,
            entry.DefinitionId,
            entry.Version,
            result.Status.ToString(),
            result.SubStatus.ToString(),
            correlationId,
            created,
            result.Status == WorkflowStatus.Finished ? time.GetUtcNow() : null,
            JsonSerializer.Serialize(result.Variables, Json),
            JsonSerializer.Serialize(result.Journal, Json),
            result.Incident is null ? null : JsonSerializer.Serialize(result.Incident, Json)), CancellationToken.None);
        return (instanceId, result);
    }
}
