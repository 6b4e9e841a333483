using IntegrationHub.Workflows.Runtime.Execution;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    private const int MaxMatches = 1000;

    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/events/{eventName}", PublishAsync).WithName("PublishEvent").RequireScope(Scopes.EventsWrite);
        return api;
    }

    private static async Task<IResult> PublishAsync(
        string eventName,
        HttpRequest request,
        IWorkflowBookmarkStore bookmarks,
        IWorkflowEventQueue queue,
        IWorkflowResumer runner,
        IOptions<WorkflowEngineOptions> options,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken)
    {
        if (eventName.Length > 200 || string.IsNullOrWhiteSpace(eventName) || eventName.Any(char.IsControl))
        {
            return Invalid("eventName", "The event name must be 1 to 200 printable characters.");
        }

        string? correlationId = null;
        JsonNode? payload = null;
        if (RequestBody.IsPresent(request))
        {
            if (RequestBody.CheckJsonContentType(request) is { } unsupported)
            {
                return unsupported;
            }

            var read = await RequestBody.ReadAsync(request, options.Value.MaxEventBytes, "Workflows:MaxEventBytes", cancellationToken);
            if (read.Refusal is not null)
            {
                return read.Refusal;
            }

            var body = StrictJson.ParseNode(read.Bytes, out var problem);
            if (problem is not null)
            {
                return Problems.InvalidJson(problem, Title);
            }

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

        var matches = await bookmarks.FindForEventAsync(eventName, correlationId, MaxMatches, cancellationToken);
        var resumed = new List<object>();
        foreach (var bookmark in matches)
        {
            // The continuation belongs to the hub, not to this request: a client hanging up does not cancel it.
            var outcome = await runner.ResumeAsync(bookmark, new BookmarkStimulus(BookmarkStimulus.EventKind, payload), lifetime.ApplicationStopping);
            if (outcome.Status == ResumeStatus.Resumed)
            {
                resumed.Add(Resumed(bookmark, outcome.Result!));
            }
        }

        DateTimeOffset? queuedUntil = null;
        var retention = options.Value.EventRetention;
        if (resumed.Count == 0 && retention > TimeSpan.Zero)
        {
            var now = time.GetUtcNow();
            if (await queue.CountAsync(now, cancellationToken) >= options.Value.MaxQueuedEvents)
            {
                request.HttpContext.Response.Headers.RetryAfter = "60";
                return Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Event queue full",
                    detail: $"No instance waits for '{eventName}' and {options.Value.MaxQueuedEvents} events are already queued (Workflows:MaxQueuedEvents); send it again later.");
            }

            var pending = await queue.EnqueueAsync(eventName, correlationId, payload?.ToJsonString(), now, now + retention, CancellationToken.None);
            queuedUntil = pending.ExpiresAt;

            // An instance may have suspended between the lookup above and the enqueue, and checked the queue before the
            // event was in it: look once more. Whoever takes the queued event first (this or that instance's commit) wins.
            if (await runner.DeliverQueuedEventAsync(pending, MaxMatches, lifetime.ApplicationStopping) is var (bookmark, result))
            {
                resumed.Add(Resumed(bookmark, result));
                queuedUntil = null;
            }
        }

        return Results.Ok(new { eventName, correlationId, resumed, queuedUntil });
    }

    private static object Resumed(WorkflowBookmarkRecord bookmark, WorkflowRunResult result) =>
        new { instanceId = bookmark.InstanceId, activityId = bookmark.ActivityId, status = result.Status.ToString(), subStatus = result.SubStatus.ToString() };

    private const string Title = "The event is not valid.";

    private static IResult Invalid(string field, string message) => Problems.Invalid(field, message, Title);
}
