using IntegrationHub.Workflows.Runtime.Events;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Host.Api.Contracts;
using IntegrationHub.Host.Http;
using IntegrationHub.Host.Security;
using IntegrationHub.Storage;
using IntegrationHub.Workflows;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Workflows;

/// <summary>
/// <c>POST /api/v1/events/{eventName}</c> with <c>{ "correlationId": "...", "payload": {...} }</c> (both optional)
/// resumes every instance waiting for that event (WaitForEvent bookmarks with that correlation key, or without one)
/// and answers 200 with the instances resumed. When none waits, the event is queued for
/// <see cref="WorkflowEngineOptions.EventRetention"/>: the first instance that reaches a matching WaitForEvent in that
/// time is resumed with it at once (the answer says <c>queuedUntil</c>).
/// </summary>
internal static class EventEndpoints
{
    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/events/{eventName}", PublishAsync).WithName("PublishEvent").RequireScope(Scopes.EventsWrite)
            .TakesJson<EventBody>(optional: true).Answers<EventRaised>().ProducesValidationProblem()
            .Refuses(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        return api;
    }

    private static async Task<IResult> PublishAsync(
        string eventName,
        HttpRequest request,
        IWorkflowEvents events,
        IOptions<WorkflowEngineOptions> options,
        CancellationToken cancellationToken)
    {
        if (eventName.Length > 200 || string.IsNullOrWhiteSpace(eventName) || eventName.Any(char.IsControl))
        {
            return Invalid("eventName", "The event name must be 1 to 200 printable characters.");
        }

        string? correlationId = null;
        JsonNode? payload = null;
        var (body, refusal) = await RequestBody.ReadOptionalJsonAsync(request, options.Value.MaxEventBytes, "Workflows:MaxEventBytes", Title, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (RequestBody.IsPresent(request))
        {
            if (body is not JsonObject obj)
            {
                return Invalid("$", "The body must be a JSON object: { \"correlationId\": \"...\", \"payload\": { ... } }.");
            }

            var unknown = obj.Select(p => p.Key).Where(k => k is not ("correlationId" or "payload")).ToList();
            if (unknown.Count > 0)
            {
                return Invalid(unknown[0], $"Unknown property '{unknown[0]}' (expected correlationId and payload).");
            }

            switch (obj["correlationId"])
            {
                case null:
                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length is > 0 and <= 500:
                    correlationId = v.GetValue<string>();
                    break;
                default:
                    return Invalid("correlationId", "correlationId must be a string of 1 to 500 characters.");
            }

            payload = obj["payload"]?.DeepClone();
        }

        var raised = await events.RaiseAsync(eventName, correlationId, payload, cancellationToken);
        if (raised.QueueFull)
        {
            request.HttpContext.Response.Headers.RetryAfter = "60";
            return Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Event queue full",
                detail: $"No instance waits for '{eventName}' and {options.Value.MaxQueuedEvents} events are already queued (Workflows:MaxQueuedEvents); send it again later.");
        }

        return Results.Ok(new EventRaised(eventName, correlationId, raised.Resumed.Select(r => Resumed(r.Bookmark, r.Result)), raised.QueuedUntil));
    }

    private static EventResumed Resumed(WorkflowBookmarkRecord bookmark, WorkflowRunResult result) =>
        new(bookmark.InstanceId, bookmark.ActivityId, result.Status.ToString(), result.SubStatus.ToString());

    private const string Title = "The event is not valid.";

    private static IResult Invalid(string field, string message) => Problems.Invalid(field, message, Title);
}
