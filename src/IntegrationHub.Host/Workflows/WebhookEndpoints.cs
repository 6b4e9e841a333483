using IntegrationHub.Host.Http;
using IntegrationHub.Host.Security;
using IntegrationHub.Storage;
using IntegrationHub.Workflows;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Execution;
using IntegrationHub.Workflows.Runtime.Execution;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using System.Text.Json.Nodes;

namespace IntegrationHub.Host.Workflows;

/// <summary>
/// <c>POST /api/v1/hooks/{definitionId}</c>: starts an instance of a workflow with a <c>Webhook</c> trigger, with input
/// <c>{ data: &lt;JSON body&gt;, deliveryId }</c>. Signed (HMAC-SHA256, see <see cref="WebhookSignature"/>) when the
/// workflow has a secret, else an API key with <c>workflows:run</c> is required. Everything that needs no body is checked
/// before a byte of it is read: the signature headers' form and window (or the key and scope), then that the workflow
/// exists and has a webhook trigger, the content type and the announced length. Then the body is read under
/// <c>Workflows:MaxInputBytes</c>, the signature verified, the JSON read strictly, and only then the signature recorded
/// against replays (in the store, shared by every node). Answers 202 when the instance finished; 503 with Retry-After
/// when it did not (the signature is released, so the sender may retry the same call).
/// </summary>
internal static class WebhookEndpoints
{
    public const string DeliveryHeader = "X-Hub-Delivery";

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/hooks/{definitionId}", ReceiveAsync).WithName("ReceiveWebhook").WithTags("Workflows").WithMetadata(new RequiredScope(Scopes.WorkflowsRun))
            .WithSummary("Starts the workflow's Webhook trigger: signed (X-Hub-Timestamp, X-Hub-Signature) when it has a secret, else an API key with workflows:run.")
            .TakesJson<JsonNode>(optional: true).Answers<WebhookAccepted>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .Refuses(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
                StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout)
            .HeaderParameter(DeliveryHeader, "Optional delivery id (at most 200 printable characters); the instance's correlation id.");
        return app;
    }

    private static async Task<IResult> ReceiveAsync(string definitionId, HttpContext context, WorkflowCatalog catalog, IWorkflowStarter runner,
        WebhookSignature signatures, IReplayGuard replays, TimeProvider time, IOptions<WebhookOptions> options, IOptions<WorkflowEngineOptions> engine,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        long timestamp = 0;
        string? signature = null;
        var signed = options.Value.Secrets.TryGetValue(definitionId, out var secret);
        if (signed)
        {
            signature = request.Headers[WebhookSignature.SignatureHeader].ToString();
            if (signatures.CheckHeaders(request.Headers[WebhookSignature.TimestampHeader], signature, out timestamp) is { } why)
            {
                return Refused(why);
            }
        }
        else if (await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName) is not { Succeeded: true } auth)
        {
            return Problems.Create(StatusCodes.Status401Unauthorized, "API key required",
                $"This workflow has no webhook secret; send a valid key in {ApiKeyAuthenticationHandler.HeaderName}.");
        }
        else if (!auth.Principal.HasScope(Scopes.WorkflowsRun))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "Scope required", $"This API key lacks the scope '{Scopes.WorkflowsRun}' this endpoint needs.");
        }

        // Looked up after the caller's credentials were checked, so unauthenticated callers cannot probe which workflows exist.
        if (catalog.Find(definitionId) is not { } entry || catalog.IsRetired(definitionId)
            || entry.Workflow.Definition.Triggers.All(t => t.Type != HubWorkflowRegistration.WebhookTrigger))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "No such webhook", $"No enabled workflow '{definitionId}' has a Webhook trigger.");
        }

        if (RequestBody.IsPresent(request) && RequestBody.CheckJsonContentType(request) is { } unsupported)
        {
            return unsupported;
        }

        var read = await RequestBody.ReadAsync(request, engine.Value.MaxInputBytes, "Workflows:MaxInputBytes", cancellationToken);
        if (read.Refusal is not null)
        {
            return read.Refusal;
        }

        if (signed && !signatures.Matches(secret!, definitionId, timestamp, signature!, read.Bytes.Span))
        {
            return Refused($"{WebhookSignature.SignatureHeader} does not match the body.");
        }

        JsonNode? data = null;
        if (read.Bytes.Length > 0)
        {
            data = StrictJson.ParseNode(read.Bytes, out var problem);
            if (problem is not null)
            {
                return Problems.InvalidJson(problem, "Webhook bodies are JSON.");
            }
        }

        var deliveryId = request.Headers[DeliveryHeader].ToString();
        if (deliveryId.Length > 200 || deliveryId.Any(char.IsControl))
        {
            return Problems.Invalid(DeliveryHeader, $"{DeliveryHeader} must be at most 200 printable characters.", "The webhook call is not valid.");
        }

        var replayKey = signed ? $"webhook:{definitionId}:{signature}" : null;
        var now = time.GetUtcNow();
        if (replayKey is not null && !await replays.TryRecordAsync(replayKey, now, now + options.Value.ReplayWindow + options.Value.ReplayWindow, cancellationToken))
        {
            return Refused("This signed call was already received (replay).");
        }

        var input = new JsonObject { ["data"] = data, ["deliveryId"] = deliveryId.Length == 0 ? null : deliveryId };
        var (instanceId, result) = await runner.RunAsync(entry, input, deliveryId.Length == 0 ? null : deliveryId, cancellationToken);
        if (result.SubStatus == WorkflowSubStatus.Finished)
        {
            return Results.Accepted($"/api/v1/workflow-instances/{instanceId}", new WebhookAccepted(instanceId, result.SubStatus.ToString()));
        }

        if (replayKey is not null)
        {
            await replays.ForgetAsync(replayKey, CancellationToken.None);
        }

        cancellationToken.ThrowIfCancellationRequested(); // cut off by the request timeout: 504

        context.Response.Headers.RetryAfter = "30";
        return Problems.Create(StatusCodes.Status503ServiceUnavailable, "Workflow did not finish",
            $"Instance {instanceId} ended {result.SubStatus} at activity '{result.Incident?.ActivityId}'; the call may be sent again.");
    }

    private static IResult Refused(string why) => Problems.Create(StatusCodes.Status401Unauthorized, "Webhook signature refused", why);
}

/// <summary>The 202 answer to a webhook call: the instance it started, which finished.</summary>
internal sealed record WebhookAccepted(Guid InstanceId, string SubStatus);
