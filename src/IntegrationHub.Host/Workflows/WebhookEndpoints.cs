using IntegrationHub.Workflows.Runtime.Execution;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Host.Security;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Execution;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Workflows;

/// <summary>
/// <c>POST /api/v1/hooks/{definitionId}</c>: starts an instance of a workflow with a <c>Webhook</c> trigger, with input
/// <c>{ data: &lt;JSON body&gt;, deliveryId }</c>. Signed (HMAC-SHA256) when the workflow has a secret, else the API key is
/// required. Answers 202 with the instance when it finished, 500 when it faulted (so the sender retries).
/// </summary>
internal static class WebhookEndpoints
{
    private const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/hooks/{definitionId}", ReceiveAsync).WithName("ReceiveWebhook");
        return app;
    }

    private static async Task<IResult> ReceiveAsync(string definitionId, HttpContext context, WorkflowCatalog catalog, IWorkflowStarter runner,
        WebhookSignature signatures, IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > MaxBodyBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Webhook body too large");
        }

        var body = buffer.ToArray();
        if (options.Value.Secrets.TryGetValue(definitionId, out var secret))
        {
            var why = signatures.Verify(secret, context.Request.Headers[WebhookSignature.TimestampHeader], context.Request.Headers[WebhookSignature.SignatureHeader], body);
            if (why is not null)
            {
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Webhook signature refused", detail: why);
            }
        }
        else if (!(await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName)).Succeeded)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required",
                detail: $"This workflow has no webhook secret; send a valid key in {ApiKeyAuthenticationHandler.HeaderName}.");
        }

        // Looked up after authentication, so unauthenticated callers cannot probe which workflows exist.
        if (catalog.Find(definitionId) is not { } entry || entry.Workflow.Definition.Triggers.All(t => t.Type != HubWorkflowRegistration.WebhookTrigger))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such webhook", detail: $"No loaded workflow '{definitionId}' has a Webhook trigger.");
        }

        JsonNode? data;
        try
        {
            data = body.Length == 0 ? null : JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [$"The body is not valid JSON: {ex.Message}"] }, title: "Webhook bodies are JSON.");
        }

        var deliveryId = context.Request.Headers["X-Hub-Delivery"].ToString();
        var input = new JsonObject { ["data"] = data, ["deliveryId"] = deliveryId.Length == 0 ? null : deliveryId };
        var (instanceId, result) = await runner.RunAsync(entry, input, deliveryId.Length == 0 ? null : deliveryId, cancellationToken);
        return result.SubStatus == WorkflowSubStatus.Finished
            ? Results.Accepted($"/api/v1/workflow-instances/{instanceId}", new { instanceId, subStatus = result.SubStatus.ToString() })
            : Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Workflow did not finish",
                detail: $"Instance {instanceId} ended {result.SubStatus} at {result.Incident?.ActivityId}: {result.Incident?.Message}");
    }
}
