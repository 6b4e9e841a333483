using IntegrationHub.Connectors;
using IntegrationHub.Connectors.Hosting.Activities;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Execution;
using IntegrationHub.Workflows.Model;
using IntegrationHub.Workflows.Runtime.Execution;

namespace IntegrationHub.Host.Workflows;

/// <summary>
/// Replays quarantined records through the flow that refused them, e.g. after the flow or a target was fixed: one run of
/// the flow per flow (input <see cref="QuarantineReplayInput"/>), whose <c>Connector.ReadChanges</c> hands its body the
/// stored records instead of reading the connector. The flow's own rules decide again: a record that passes is released
/// (by the flow, as on a normal read), one refused again stays open with one more refusal and its new reasons. Effects stay
/// idempotent (keyed by identity, version and content hash) and an older version than one already seen stops as stale.
/// A replay waits up to <see cref="Wait"/> for its runs and then answers with whatever is still running.
/// </summary>
internal sealed partial class QuarantineReplayer(
    WorkflowCatalog catalog, IQuarantineStore store, IWorkflowStarter starter, TimeProvider time, IHostApplicationLifetime lifetime,
    ILogger<QuarantineReplayer> logger)
{
    /// <summary>Entries one bulk replay takes at most.</summary>
    public const int MaxBulk = 500;

    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>Why the entry cannot be replayed (an answer for a person), or null when it can.</summary>
    public string? Refusal(QuarantinedRecord entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Status != QuarantineStatus.Open)
        {
            return $"Quarantine entry {entry.Id} is {entry.Status.ToString().ToLowerInvariant()}; only open entries are replayed.";
        }

        if (catalog.Find(entry.Flow) is not { } flow)
        {
            return $"Flow '{entry.Flow}' that refused the record is not loaded.";
        }

        return Reads(flow.Workflow.Definition.Root, entry.Record.System, entry.Record.Entity) ? null
            : $"Flow '{entry.Flow}' does not read {entry.Record.System} {entry.Record.Entity.Name} records with Connector.ReadChanges, so they cannot be "
              + "handed to it again; the flow computes them itself and checks them again on its next run.";
    }

    /// <summary>Replays the entries that can be (see <see cref="Refusal"/>), one run per flow; waits up to <see cref="Wait"/>.</summary>
    public async Task<QuarantineReplay> ReplayAsync(IReadOnlyList<QuarantinedRecord> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var runs = new List<(string Flow, string CorrelationId, IReadOnlyList<long> Ids, Task<(Guid InstanceId, WorkflowRunResult Result)> Run)>();
        foreach (var group in entries.Where(e => Refusal(e) is null).GroupBy(e => e.Flow, StringComparer.Ordinal))
        {
            var marked = await store.MarkReplayedAsync([.. group.Select(e => e.Id)], time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (marked.Count == 0 || catalog.Find(group.Key) is not { } flow)
            {
                continue;
            }

            var ids = marked.Select(e => e.Id).ToArray();
            var correlationId = $"quarantine-replay:{Guid.NewGuid():N}";
            LogReplaying(group.Key, ids.Length, correlationId);
            // The run belongs to the hub, not to the request: a caller that stops waiting does not cancel it.
            var run = Task.Run(() => starter.RunAsync(flow, QuarantineReplayInput.For(ids), correlationId, lifetime.ApplicationStopping), CancellationToken.None);
            _ = run.ContinueWith(t => LogRunFailed(t.Exception!.GetBaseException(), group.Key, correlationId), CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            runs.Add((group.Key, correlationId, ids, run));
        }

        if (runs.Count > 0)
        {
            var all = Task.WhenAll(runs.Select(r => (Task)r.Run));
            await Task.WhenAny(all, Task.Delay(Wait, time, cancellationToken)).ConfigureAwait(false);
        }

        var answers = new List<QuarantineReplayRun>(runs.Count);
        foreach (var (flowId, correlationId, ids, run) in runs)
        {
            var after = new List<QuarantinedRecord>(ids.Count);
            foreach (var id in ids)
            {
                if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    after.Add(entry);
                }
            }

            answers.Add(run.IsCompletedSuccessfully
                ? new QuarantineReplayRun(flowId, correlationId, run.Result.InstanceId, run.Result.Result.SubStatus.ToString(), run.Result.Result.Incident?.Message, after)
                : new QuarantineReplayRun(flowId, correlationId, null, run.IsFaulted ? "Failed" : "Running", run.Exception?.GetBaseException().Message, after));
        }

        return new QuarantineReplay(answers);
    }

    /// <summary>Whether a Connector.ReadChanges with these literal system and entity is anywhere in the tree.</summary>
    private static bool Reads(ActivityNode node, string system, CanonicalEntity entity) =>
        (node.Type == "Connector.ReadChanges" && Literal(node, "system") == system && Literal(node, "entity") == entity.Name)
        || node.Activities.Any(child => Reads(child, system, entity));

    private static string? Literal(ActivityNode node, string input) =>
        node.Inputs.TryGetValue(input, out var source) && source is LiteralSource { Value: System.Text.Json.Nodes.JsonValue value } && value.TryGetValue<string>(out var text) ? text : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Replaying {Count} quarantined records through {Flow} (correlation id {CorrelationId})")]
    private partial void LogReplaying(string flow, int count, string correlationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The quarantine replay run of {Flow} (correlation id {CorrelationId}) could not run")]
    private partial void LogRunFailed(Exception exception, string flow, string correlationId);
}

/// <summary>What a replay did: one run per flow.</summary>
internal sealed record QuarantineReplay(IReadOnlyList<QuarantineReplayRun> Runs);

/// <param name="Status">The run's sub-status (Finished, Faulted, ...), Running when it had not ended within the wait, Failed when it could not run.</param>
/// <param name="Entries">The replayed entries as they stand after the run (or at the end of the wait).</param>
internal sealed record QuarantineReplayRun(string Flow, string CorrelationId, Guid? InstanceId, string Status, string? Error, IReadOnlyList<QuarantinedRecord> Entries);
