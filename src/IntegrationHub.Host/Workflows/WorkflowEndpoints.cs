using IntegrationHub.Workflows.Runtime.Execution;
using System.Text.Json.Nodes;
using IntegrationHub.Host.Http;
using IntegrationHub.Host.Security;
using IntegrationHub.Storage;
using IntegrationHub.Workflows;
using Microsoft.Extensions.Options;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Elsa;
using IntegrationHub.Host.Api.Contracts;

namespace IntegrationHub.Host.Workflows;

/// <summary>Workflow definitions (with versions and rejected files) and manual runs.</summary>
internal static class WorkflowEndpoints
{
    private const int MaxListLimit = 500;

    public static RouteGroupBuilder MapWorkflowEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/workflows", (WorkflowCatalog catalog) => Results.Ok(new WorkflowList(
            catalog.Definitions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => WorkflowSummary.Of(d.Value.Values.Last(), d.Value.Keys, catalog.IsRetired(d.Key))),
            catalog.Rejected.Values.OrderBy(r => r.Path, StringComparer.Ordinal)))).WithName("ListWorkflows").RequireScope(Scopes.WorkflowsRead)
            .Answers<WorkflowList>();

        api.MapGet("/workflows/{definitionId}", (string definitionId, int? version, WorkflowCatalog catalog) =>
            Entry(catalog, definitionId, version) is { } entry
                ? Results.Ok(WorkflowSummary.Of(entry, catalog.Definitions[definitionId].Keys, catalog.IsRetired(definitionId)))
                : NotFound(definitionId, version)).WithName("GetWorkflow").RequireScope(Scopes.WorkflowsRead)
            .Answers<WorkflowSummary>().Refuses(StatusCodes.Status404NotFound);

        api.MapGet("/workflows/{definitionId}/export", (string definitionId, int? version, string? format, WorkflowCatalog catalog, ElsaExporter exporter) =>
            format is not (null or "elsa")
                ? Problems.Invalid("format", $"format '{format}' is not known; the one export format is elsa.", "The query is not valid.")
                : Entry(catalog, definitionId, version) is { } entry
                    ? Results.Json(exporter.Export(entry.Workflow.Definition), contentType: "application/json")
                    : NotFound(definitionId, version)).WithName("ExportWorkflow").RequireScope(Scopes.WorkflowsRead)
            .WithSummary("The workflow as an Elsa 3 definition (format=elsa, the default), newest or a given version.")
            .Answers<JsonObject>().ProducesValidationProblem().Refuses(StatusCodes.Status404NotFound);

        api.MapPost("/workflows/{definitionId}/run", RunAsync).WithName("RunWorkflow").RequireScope(Scopes.WorkflowsRun)
            .TakesJson<System.Text.Json.Nodes.JsonNode>(optional: true).Answers<WorkflowRun>().ProducesValidationProblem()
            .Refuses(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status504GatewayTimeout);

        api.MapGet("/workflow-instances", async (string? definitionId, string? status, int? limit, IWorkflowInstanceStore store, CancellationToken cancellationToken) =>
            limit is < 1 or > MaxListLimit
                ? Problems.Invalid("limit", $"limit must be between 1 and {MaxListLimit}.", "The query is not valid.")
                : Results.Ok(await store.ListAsync(new WorkflowInstanceQuery(definitionId, status, limit ?? 50), cancellationToken))).WithName("ListWorkflowInstances").RequireScope(Scopes.WorkflowsRead)
            .Answers<IReadOnlyList<WorkflowInstanceSummary>>().ProducesValidationProblem();

        api.MapGet("/workflow-instances/{instanceId:guid}", async (Guid instanceId, IWorkflowInstanceStore store, IWorkflowBookmarkStore bookmarks, CancellationToken cancellationToken) =>
            await store.GetAsync(instanceId, cancellationToken) is { } instance
                ? Results.Ok(WorkflowInstanceDetail.Of(instance, await bookmarks.ListForInstanceAsync(instanceId, cancellationToken)))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Instance not found", detail: $"No workflow instance {instanceId}."))
            .WithName("GetWorkflowInstance").RequireScope(Scopes.WorkflowsRead).Answers<WorkflowInstanceDetail>().Refuses(StatusCodes.Status404NotFound);

        api.MapPost("/workflow-instances/{instanceId:guid}/retry", async (Guid instanceId, IWorkflowRetrier runner, CancellationToken cancellationToken) =>
        {
            var outcome = await runner.RetryAsync(instanceId, cancellationToken);
            return outcome.Status switch
            {
                RetryStatus.Retried => Results.Ok(new WorkflowRetried(instanceId, outcome.Result!.SubStatus.ToString(), outcome.Result.Incident, outcome.Result.Variables)),
                RetryStatus.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Instance not found", detail: $"No workflow instance {instanceId}."),
                RetryStatus.NotFaulted => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Instance is not faulted", detail: "Only a faulted instance can be retried."),
                RetryStatus.Busy => Busy(instanceId),
                _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Version not loaded", detail: "The workflow version this instance ran on is no longer loaded."),
            };
        }).WithName("RetryWorkflowInstance").RequireScope(Scopes.WorkflowsAdmin)
            .Answers<WorkflowRetried>().Refuses(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        api.MapPost("/workflow-instances/{instanceId:guid}/cancel", async (Guid instanceId, IWorkflowCanceller runner, CancellationToken cancellationToken) =>
            await runner.CancelAsync(instanceId, cancellationToken) switch
            {
                CancelStatus.Cancelled => Results.Ok(new WorkflowCancelled(instanceId, "Finished", "Cancelled")),
                CancelStatus.CancelRequested => Results.Accepted($"/api/v1/workflow-instances/{instanceId}", new WorkflowCancelled(instanceId, "Running", "Executing") { Cancellation = "requested" }),
                CancelStatus.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Instance not found", detail: $"No workflow instance {instanceId}."),
                CancelStatus.Finished => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Instance is finished", detail: "A finished instance cannot be cancelled."),
                _ => Busy(instanceId),
            }).WithName("CancelWorkflowInstance").RequireScope(Scopes.WorkflowsAdmin)
            .Answers<WorkflowCancelled>().Answers<WorkflowCancelled>(StatusCodes.Status202Accepted).Refuses(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    internal const string CorrelationIdRule = "correlationId must be 1 to 500 printable characters.";

    /// <summary>A correlation id a caller may give a run: 1 to 500 characters, none a control character.</summary>
    internal static bool IsCorrelationId(string value) => value.Length is > 0 and <= 500 && !value.Any(char.IsControl);

    private static async Task<IResult> RunAsync(string definitionId, int? version, string? correlationId, HttpRequest request, WorkflowCatalog catalog, IWorkflowStarter runner, IOptions<WorkflowEngineOptions> options, CancellationToken cancellationToken)
    {
        if (catalog.Find(definitionId, version) is not { } entry)
        {
            return NotFound(definitionId, version);
        }

        if (correlationId is not null && !IsCorrelationId(correlationId))
        {
            return Problems.Invalid("correlationId", CorrelationIdRule, "The query is not valid.");
        }

        var (input, refusal) = await RequestBody.ReadOptionalJsonAsync(request, options.Value.MaxInputBytes, "Workflows:MaxInputBytes", "The workflow input must be JSON.", cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var (instanceId, result) = await runner.RunAsync(entry, input, correlationId, cancellationToken);

        // Cut off by Hub:Limits:RequestTimeout (the instance ended Cancelled): the timeout middleware answers 504.
        cancellationToken.ThrowIfCancellationRequested();
        return Results.Ok(new WorkflowRun(instanceId, entry.DefinitionId, entry.Version, result.Status.ToString(), result.SubStatus.ToString(), result.Incident,
            result.Variables, result.Journal.Select(WorkflowRunStep.Of),
            result.Bookmarks.Select(b => new WorkflowBookmarkView(b.Id, b.ActivityId, b.Kind, b.Name, b.CorrelationKey, b.DueAt))));
    }

    private static IResult Busy(Guid instanceId) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Instance is busy",
            detail: $"Workflow instance {instanceId} is executing on another node (it holds the lease); try again when it suspended or finished.");

    /// <summary>The newest version (a retired definition's too, to be looked at) or a given one.</summary>
    private static CatalogEntry? Entry(WorkflowCatalog catalog, string definitionId, int? version) =>
        version is null ? catalog.Definitions.GetValueOrDefault(definitionId)?.Values.Last() : catalog.Find(definitionId, version);

    private static IResult NotFound(string definitionId, int? version) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Workflow not found",
            detail: version is null ? $"No workflow '{definitionId}' is loaded." : $"Workflow '{definitionId}' has no version {version}.");
}
