using IntegrationHub.Workflows.Execution;
using IntegrationHub.Workflows.Runtime.Execution;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Workflows.Runtime.Events;

/// <summary>
/// Raises a named event: resumes every instance waiting for it (a WaitForEvent bookmark with that correlation key, or
/// without one), each once; when none waits, queues it for <see cref="WorkflowEngineOptions.EventRetention"/> so the
/// first instance that reaches a matching WaitForEvent in that time gets it. Used by <c>POST /api/v1/events/{name}</c>
/// and the <c>Event.Raise</c> activity.
/// </summary>
public interface IWorkflowEvents
{
    /// <param name="keepFor">How long to queue it when none waits; the default is <see cref="WorkflowEngineOptions.EventRetention"/>, and it is never longer.</param>
    Task<RaisedEvent> RaiseAsync(string name, string? correlationId, JsonNode? payload, CancellationToken cancellationToken, TimeSpan? keepFor = null);
}

/// <summary>What raising did: the instances resumed, or until when it is queued, or that the queue was full.</summary>
public sealed record RaisedEvent(IReadOnlyList<(WorkflowBookmarkRecord Bookmark, WorkflowRunResult Result)> Resumed, DateTimeOffset? QueuedUntil, bool QueueFull);

internal sealed class WorkflowEvents(
    IWorkflowBookmarkStore bookmarks, IWorkflowEventQueue queue, IWorkflowResumer runner, IOptions<WorkflowEngineOptions> options, TimeProvider time,
    Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime) : IWorkflowEvents
{
    private const int MaxMatches = 1000;

    public async Task<RaisedEvent> RaiseAsync(string name, string? correlationId, JsonNode? payload, CancellationToken cancellationToken, TimeSpan? keepFor = null)
    {
        var resumed = new List<(WorkflowBookmarkRecord, WorkflowRunResult)>();
        foreach (var bookmark in await bookmarks.FindForEventAsync(name, correlationId, MaxMatches, cancellationToken).ConfigureAwait(false))
        {
            // The continuation belongs to the hub, not to the caller: a caller going away does not cancel it.
            var outcome = await runner.ResumeAsync(bookmark, new BookmarkStimulus(BookmarkStimulus.EventKind, payload), lifetime.ApplicationStopping).ConfigureAwait(false);
            if (outcome.Status == ResumeStatus.Resumed)
            {
                resumed.Add((bookmark, outcome.Result!));
            }
        }

        var retention = keepFor is { } wanted && wanted < options.Value.EventRetention ? wanted : options.Value.EventRetention;
        if (resumed.Count > 0 || retention <= TimeSpan.Zero)
        {
            return new RaisedEvent(resumed, null, false);
        }

        var now = time.GetUtcNow();
        if (await queue.CountAsync(now, cancellationToken).ConfigureAwait(false) >= options.Value.MaxQueuedEvents)
        {
            return new RaisedEvent(resumed, null, true);
        }

        var pending = await queue.EnqueueAsync(name, correlationId, payload?.ToJsonString(), now, now + retention, CancellationToken.None).ConfigureAwait(false);

        // An instance may have suspended between the lookup above and the enqueue, and checked the queue before the event
        // was in it: look once more. Whoever takes the queued event first (this or that instance's commit) wins.
        if (await runner.DeliverQueuedEventAsync(pending, MaxMatches, lifetime.ApplicationStopping).ConfigureAwait(false) is var (taken, result))
        {
            resumed.Add((taken, result));
            return new RaisedEvent(resumed, null, false);
        }

        return new RaisedEvent(resumed, pending.ExpiresAt, false);
    }
}
