using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Hosting.Activities;
using IntegrationHub.Diagnostics;
using IntegrationHub.Host.Api.Contracts;
using IntegrationHub.Host.Http;
using IntegrationHub.Host.Workflows;
using IntegrationHub.Host.Security;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Catalog;

namespace IntegrationHub.Host.Api;

/// <summary>
/// <c>GET /api/v1/flows</c>: every loaded flow with its record counters since this node started (read, changed,
/// unchanged, stale, upserted, failed, quarantined, ignored fields; dead-lettered Kafka records), the records parked in it
/// (suspended instances waiting for an event, by event), its instances by sub-status from the store
/// (suspended ones are parked or waiting; faulted ones are incidents), its read cursors (watermarks) with how long
/// ago each was saved and its lag (seconds since a read last reached the end of the source's changes: the targets hold
/// everything changed before that), the consumer lag of a Kafka-triggered flow (records waiting on its partitions, as
/// of the last record read), and its latest backfill. <c>POST /api/v1/flows/{flow}/backfill</c> re-reads a flow from a time
/// (<c>{"from": "..."}</c>) or from the beginning (no body); see <see cref="FlowBackfills"/>.
/// </summary>
internal static class FlowEndpoints
{
    public static RouteGroupBuilder MapFlowEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/flows", async (WorkflowCatalog catalog, FlowStatistics statistics, FlowCounters deadLetters, IWorkflowInstanceStore instances, IWorkflowBookmarkStore bookmarks,
            IConnectorCursorStore cursors, FlowBackfills backfills, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var counts = (await instances.CountBySubStatusAsync(cancellationToken)).ToLookup(c => c.DefinitionId, StringComparer.Ordinal);
            var waiting = (await bookmarks.CountWaitingForEventsAsync(cancellationToken)).ToLookup(c => c.DefinitionId, StringComparer.Ordinal);
            var now = time.GetUtcNow();
            var flows = new List<FlowView>();
            foreach (var (definitionId, versions) in catalog.Definitions.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                var saved = await cursors.ListAsync(definitionId + "/", cancellationToken);
                flows.Add(new FlowView(definitionId, versions.Keys.Max(), catalog.IsRetired(definitionId),
                    versions.Values.Last().Workflow.Definition.Triggers.Select(t => t.Type), statistics.Of(definitionId),
                    deadLetters.DeadLetteredOf(definitionId), deadLetters.ConsumerLagOf(definitionId),
                    waiting[definitionId].ToDictionary(w => w.Event, w => w.Count, StringComparer.Ordinal),
                    counts[definitionId].ToDictionary(c => c.SubStatus, c => c.Count, StringComparer.Ordinal),
                    saved.Select(c => new FlowCursor(c.Key[(definitionId.Length + 1)..], c.Cursor, c.UpdatedAt, Math.Round((now - c.UpdatedAt).TotalSeconds, 1),
                        statistics.CaughtUpAt(c.Key), statistics.CaughtUpAt(c.Key) is { } at ? Math.Round((now - at).TotalSeconds, 1) : null)),
                    backfills.Of(definitionId) is { } b ? BackfillView.Of(b, statistics) : null));
            }

            return Results.Ok(new FlowList(statistics.Since, flows));
        }).WithName("ListFlows").RequireScope(Scopes.WorkflowsRead).Answers<FlowList>();

        api.MapPost("/flows/{flow}/backfill", async (string flow, HttpRequest request, FlowBackfills backfills, FlowStatistics statistics, CancellationToken cancellationToken) =>
        {
            var (body, refusal) = await RequestBody.ReadOptionalJsonAsync(request, MaxBackfillBytes, "(backfill requests)", BackfillTitle, cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }

            DateTimeOffset? from = null;
            if (body is not null)
            {
                if (body is not JsonObject obj || obj.Select(p => p.Key).FirstOrDefault(k => k != "from") is { } unknown)
                {
                    return Problems.Invalid(body is JsonObject o ? o.Select(p => p.Key).First(k => k != "from") : "$", "The body must be { \"from\": \"<ISO 8601 time with offset>\" } or empty (from the beginning).", BackfillTitle);
                }

                if (obj["from"] is { } value)
                {
                    if (value.GetValueKind() != System.Text.Json.JsonValueKind.String
                        || !DateTimeOffset.TryParseExact(value.GetValue<string>(), "O", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed)
                            && !DateTimeOffset.TryParse(value.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out parsed))
                    {
                        return Problems.Invalid("from", "from must be an ISO 8601 time, e.g. 2026-11-01T00:00:00Z.", BackfillTitle);
                    }

                    from = parsed;
                }
            }

            try
            {
                var (backfill, error) = await backfills.RequestAsync(flow, from, cancellationToken);
                return backfill is null
                    ? Problems.Create(StatusCodes.Status409Conflict, "The flow cannot be backfilled now", error!)
                    : Results.Accepted($"/api/v1/flows", BackfillView.Of(backfill, statistics));
            }
            catch (KeyNotFoundException)
            {
                return Problems.Create(StatusCodes.Status404NotFound, "Flow not found", $"No workflow '{flow}' is loaded.");
            }
        }).WithName("BackfillFlow").RequireScope(Scopes.WorkflowsAdmin)
            .TakesJson<BackfillBody>(optional: true).Answers<BackfillView>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .Refuses(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        return api;
    }

    private const int MaxBackfillBytes = 4096;
    private const string BackfillTitle = "The backfill request is not valid.";
}
