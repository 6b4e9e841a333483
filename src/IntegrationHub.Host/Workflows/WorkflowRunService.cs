using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Storage;
using IntegrationHub.Workflows;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Runtime;

namespace IntegrationHub.Host.Workflows;

/// <summary>Runs workflow instances and keeps them in the store (input, status, variables, journal, incident); retries faulted ones.</summary>
internal sealed class WorkflowRunService(WorkflowEngine engine, WorkflowCatalog catalog, IWorkflowInstanceStore instances, TimeProvider time)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(Guid InstanceId, WorkflowRunResult Result)> RunAsync(CatalogEntry entry, JsonNode? input, string? correlationId, CancellationToken cancellationToken)
    {
        var instanceId = Guid.CreateVersion7(time.GetUtcNow());
        var created = time.GetUtcNow();
        var result = await engine.RunAsync(entry.Workflow, input, cancellationToken);
        await SaveAsync(instanceId, entry, correlationId, created, input, result, []);
        return (instanceId, result);
    }

    /// <summary>Retries a faulted instance on the version it started with, from the failed step; the journal grows.</summary>
    public async Task<RetryOutcome> RetryAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var saved = await instances.GetAsync(instanceId, cancellationToken);
        if (saved is null)
        {
            return new RetryOutcome(RetryStatus.NotFound, null);
        }

        if (saved.SubStatus != nameof(WorkflowSubStatus.Faulted) || saved.IncidentJson is null)
        {
            return new RetryOutcome(RetryStatus.NotFaulted, null);
        }

        if (catalog.Find(saved.DefinitionId, saved.Version) is not { } entry)
        {
            return new RetryOutcome(RetryStatus.VersionGone, null);
        }

        var incident = JsonSerializer.Deserialize<WorkflowIncident>(saved.IncidentJson, Json)!;
        var variables = JsonNode.Parse(saved.VariablesJson)!.AsObject().ToDictionary(p => p.Key, p => (object?)p.Value?.DeepClone(), StringComparer.Ordinal);
        var input = saved.InputJson is null ? null : JsonNode.Parse(saved.InputJson);
        var earlier = JsonSerializer.Deserialize<List<JournalEntry>>(saved.JournalJson, Json) ?? [];
        var result = await engine.RetryAsync(entry.Workflow, input, variables, incident, cancellationToken);
        await SaveAsync(instanceId, entry, saved.CorrelationId, saved.CreatedAt, input, result, earlier);
        return new RetryOutcome(RetryStatus.Retried, result);
    }

    private Task SaveAsync(Guid instanceId, CatalogEntry entry, string? correlationId, DateTimeOffset created, JsonNode? input, WorkflowRunResult result, IReadOnlyList<JournalEntry> earlier) =>
        instances.SaveAsync(new WorkflowInstanceRecord(
            instanceId,
            entry.DefinitionId,
            entry.Version,
            result.Status.ToString(),
            result.SubStatus.ToString(),
            correlationId,
            created,
            result.Status == WorkflowStatus.Finished ? time.GetUtcNow() : null,
            JsonSerializer.Serialize(result.Variables, Json),
            JsonSerializer.Serialize(earlier.Concat(result.Journal), Json),
            result.Incident is null ? null : JsonSerializer.Serialize(result.Incident, Json),
            input?.ToJsonString()), CancellationToken.None);
}

internal enum RetryStatus { Retried, NotFound, NotFaulted, VersionGone }

internal sealed record RetryOutcome(RetryStatus Status, WorkflowRunResult? Result);
