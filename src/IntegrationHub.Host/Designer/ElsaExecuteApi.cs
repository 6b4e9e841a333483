using System.Text.Json.Nodes;
using IntegrationHub.Host.Http;
using IntegrationHub.Host.Security;
using IntegrationHub.Host.Workflows;
using IntegrationHub.Workflows;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Runtime.Execution;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Designer;

/// <summary>
/// Elsa's <c>POST /workflow-definitions/{definitionId}/execute</c>, which Elsa Studio's run button calls: runs the
/// workflow as the hub's own run does (<c>POST /api/v1/workflows/{id}/run</c>: until it ends or suspends), answers the
/// instance id in Elsa's <c>x-elsa-workflow-instance-id</c> header and the outcome as Elsa's <c>workflowState</c>. Studio
/// then opens <c>workflows/instances/{id}/view</c> under the designer, which the hub sends to its console's instance page.
/// </summary>
internal static class ElsaExecuteApi
{
    public const string InstanceHeader = "x-elsa-workflow-instance-id";
    private const string Title = "The run request is not valid.";
    private static readonly string[] Known = ["input", "correlationId", "versionOptions"];

    /// <summary>Elsa's request fields the hub cannot honour: a client sending them gets a 400 that says why, not a run that ignores them.</summary>
    private static readonly Dictionary<string, string> Refused = new(StringComparer.OrdinalIgnoreCase)
    {
        ["variables"] = "the hub sets a workflow's variables from its definition; pass values as input instead.",
        ["triggerActivityId"] = "the hub starts a workflow at its start activity.",
        ["activityHandle"] = "the hub starts a workflow at its start activity.",
        ["name"] = "the hub's instances have no name; use correlationId.",
    };

    public static RouteGroupBuilder MapElsaExecute(this RouteGroupBuilder api)
    {
        api.MapPost("/workflow-definitions/{definitionId}/execute", ExecuteAsync).WithName("ElsaExecuteWorkflowDefinition").RequireScope(Scopes.WorkflowsRun);
        return api;
    }

    private static async Task<IResult> ExecuteAsync(string definitionId, HttpContext context, WorkflowCatalog catalog, IWorkflowStarter runner,
        IOptions<WorkflowEngineOptions> options, CancellationToken cancellationToken)
    {
        var (body, refusal) = await RequestBody.ReadOptionalJsonAsync(context.Request, options.Value.MaxInputBytes, "Workflows:MaxInputBytes", "The run request is not valid JSON.", cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var request = body as JsonObject;
        if (body is not null && request is null)
        {
            return Problems.Invalid("$", "The body is { \"input\": { ... }, \"correlationId\": \"...\", \"versionOptions\": \"Latest\" } (each optional).", Title);
        }

        foreach (var (name, value) in request ?? new JsonObject())
        {
            if (value is null)
            {
                continue;
            }

            if (Refused.TryGetValue(name, out var why))
            {
                return Problems.Invalid(name, $"{name} is not supported: {why}", Title);
            }

            if (!Known.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return Problems.Invalid(name, $"unknown property '{name}'; the properties are {string.Join(", ", Known)}.", Title);
            }
        }

        var input = Property(request, "input");
        if (input is not null and not JsonObject)
        {
            return Problems.Invalid("input", "input must be an object of the workflow's input values.", Title);
        }

        string? correlationId = null;
        if (Property(request, "correlationId") is { } given
            && (given is not JsonValue text || !text.TryGetValue(out correlationId) || !WorkflowEndpoints.IsCorrelationId(correlationId)))
        {
            return Problems.Invalid("correlationId", WorkflowEndpoints.CorrelationIdRule, Title);
        }

        var versionOptions = Property(request, "versionOptions") is JsonValue v && v.TryGetValue<string>(out var o) ? o : null;
        if (ElsaDefinitionsApi.Find(catalog, definitionId, versionOptions) is not { } entry)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Workflow not found", $"No loaded workflow '{definitionId}'{(versionOptions is null ? "" : $" ({versionOptions})")}.");
        }

        var (instanceId, result) = await runner.RunAsync(entry, input?.DeepClone(), correlationId, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested(); // cut off by Hub:Limits:RequestTimeout: the timeout middleware answers 504
        context.Response.Headers[InstanceHeader] = instanceId.ToString();
        var incidents = new JsonArray();
        if (result.Incident is { } incident)
        {
            incidents.Add(new JsonObject
            {
                ["activityId"] = incident.ActivityId, ["activityType"] = incident.ActivityType, ["message"] = incident.Message,
                ["exception"] = new JsonObject { ["type"] = incident.ExceptionType, ["message"] = incident.Message }, ["timestamp"] = incident.At,
            });
        }

        return Results.Ok(new JsonObject
        {
            ["workflowState"] = new JsonObject
            {
                ["id"] = instanceId.ToString(), ["definitionId"] = entry.DefinitionId, ["definitionVersionId"] = $"{entry.DefinitionId}-v{entry.Version}",
                ["definitionVersion"] = entry.Version, ["correlationId"] = correlationId, ["status"] = result.Status.ToString(),
                ["subStatus"] = result.SubStatus.ToString(), ["incidents"] = incidents,
            },
        });
    }

    private static JsonNode? Property(JsonObject? request, string name) =>
        request?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
