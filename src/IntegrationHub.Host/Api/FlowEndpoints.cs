using IntegrationHub.Connectors.Hosting.Activities;
using IntegrationHub.Host.Security;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Catalog;

namespace IntegrationHub.Host.Api;

/// <summary>
/// <c>GET /api/v1/flows</c>: every loaded flow with its record counters since this node started (read, changed,
/// unchanged, stale, upserted, failed, quarantined, ignored fields), its instances by sub-status from the store
/// (suspended ones are parked or waiting; faulted ones are incidents), and its read cursors (watermarks) with how long
/// ago each was saved.
/// </summary>
internal static class FlowEndpoints
{
    public static RouteGroupBuilder MapFlowEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/flows", async (WorkflowCatalog catalog, FlowStatistics statistics, IWorkflowInstanceStore instances, IConnectorCursorStore cursors,
            TimeProvider time, CancellationToken cancellationToken) =>
        {
            var counts = (await instances.CountBySubStatusAsync(cancellationToken)).ToLookup(c => c.DefinitionId, StringComparer.Ordinal);
            var now = time.GetUtcNow();
            var flows = new List<object>();
            foreach (var (definitionId, versions) in catalog.Definitions.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                var saved = await cursors.ListAsync(definitionId + "/", cancellationToken);
                flows.Add(new
                {
                    flow = definitionId,
                    version = versions.Keys.Max(),
                    retired = catalog.IsRetired(definitionId),
                    triggers = versions.Values.Last().Workflow.Definition.Triggers.Select(t => t.Type),
                    records = statistics.Of(definitionId),
                    instances = counts[definitionId].ToDictionary(c => c.SubStatus, c => c.Count, StringComparer.Ordinal),
                    cursors = saved.Select(c => new { key = c.Key[(definitionId.Length + 1)..], c.Cursor, c.UpdatedAt, ageSeconds = Math.Round((now - c.UpdatedAt).TotalSeconds, 1) }),
                });
            }

            return Results.Ok(new { since = statistics.Since, flows });
        }).WithName("ListFlows").RequireScope(Scopes.WorkflowsRead);
        return api;
    }
}
