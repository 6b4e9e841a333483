namespace IntegrationHub.Workflows.Runtime.Execution;

/// <summary>
/// Runs one engine call on an instance whose lease this node holds, renewing the lease meanwhile, and saves the
/// result under the lease (variables, journal, incident, position, bookmarks), releasing it in the same write.
/// Every verb (start, resume, retry, recover) ends here.
/// </summary>
internal sealed partial class InstanceExecutor(
    IWorkflowInstanceStore instances,
    InstanceLeases leases,
    RunningInstances running,
    WorkflowTimerSignal timers,
    TimeProvider time,
    ILogger<InstanceExecutor> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Runs with the lease held and commits the result. Cancelled through the cancel API: saved as Cancelled. Cancelled
    /// through <paramref name="callerToken"/>: saved when <paramref name="persistCancellation"/>, else (shutdown) left
    /// Running for recovery. Lease lost: nothing written.
    /// </summary>
    public async Task<ExecutedRun> ExecuteOwnedAsync(WorkflowInstanceRecord saved, IReadOnlyList<JournalEntry> earlier, CancellationToken callerToken, bool persistCancellation, Func<CancellationToken, ValueTask<WorkflowRunResult>> run)
    {
        var instanceId = saved.InstanceId;
        var cancel = running.Register(instanceId);
        WorkflowRunResult result;
        bool lost;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, cancel.Token);
            var keeper = leases.Keep(instanceId, cancel, logger);
            try
            {
                result = await run(linked.Token).ConfigureAwait(false);
            }
            finally
            {
                await keeper.DisposeAsync().ConfigureAwait(false);
            }

            lost = keeper.Lost;
        }
        finally
        {
            running.Unregister(instanceId, cancel);
        }

        var explicitCancel = cancel.IsCancellationRequested && !lost;
        cancel.Dispose();
        if (lost)
        {
            return new ExecutedRun(result, false);
        }

        if (result.SubStatus == WorkflowSubStatus.Cancelled && !explicitCancel && !persistCancellation)
        {
            await leases.ReleaseAsync(instanceId).ConfigureAwait(false);
            return new ExecutedRun(result, false);
        }

        return new ExecutedRun(result, await CommitAsync(saved, earlier, result).ConfigureAwait(false));
    }

    /// <summary>Saves the result of a run under the lease and releases it; arms the timer for a due bookmark.</summary>
    /// <returns>False when the lease was lost before the save (the new owner runs the instance).</returns>
    public async Task<bool> CommitAsync(WorkflowInstanceRecord saved, IReadOnlyList<JournalEntry> earlier, WorkflowRunResult result)
    {
        var instanceId = saved.InstanceId;
        var record = saved with
        {
            Status = result.Status.ToString(),
            SubStatus = result.SubStatus.ToString(),
            FinishedAt = result.Status == WorkflowStatus.Finished ? time.GetUtcNow() : null,
            VariablesJson = JsonSerializer.Serialize(result.Variables, Json),
            JournalJson = JsonSerializer.Serialize(earlier.Concat(result.Journal.Select(e => e with { Node = leases.Owner })), Json),
            IncidentJson = result.Incident is null ? null : JsonSerializer.Serialize(result.Incident, Json),
            PositionJson = result.Position is null ? null : JsonSerializer.Serialize(result.Position, Json),
            StimulusJson = null,
        };
        var marks = result.Bookmarks.Select(b => new WorkflowBookmarkRecord(b.Id, instanceId, b.ActivityId, b.Kind, b.Name, b.CorrelationKey, b.DueAt)).ToList();
        if (!await instances.SaveOwnedAsync(record, marks, leases.Owner, release: true, CancellationToken.None).ConfigureAwait(false))
        {
            LogLostAtCommit(logger, instanceId);
            return false;
        }

        if (marks.Where(b => b.DueAt is not null).Min(b => b.DueAt) is { } due)
        {
            timers.Notify(due);
        }

        return true;
    }

    /// <summary>Saves an instance whose lease this node holds as Finished/Cancelled (no position, no stimulus, no bookmarks) and releases the lease.</summary>
    public Task<bool> SaveCancelledAsync(WorkflowInstanceRecord saved) =>
        instances.SaveOwnedAsync(saved with
        {
            Status = nameof(WorkflowStatus.Finished),
            SubStatus = nameof(WorkflowSubStatus.Cancelled),
            FinishedAt = time.GetUtcNow(),
            PositionJson = null,
            StimulusJson = null,
        }, [], leases.Owner, release: true, CancellationToken.None);

    public static Dictionary<string, object?> Variables(WorkflowInstanceRecord saved) =>
        System.Text.Json.Nodes.JsonNode.Parse(saved.VariablesJson)!.AsObject().ToDictionary(p => p.Key, p => (object?)p.Value?.DeepClone(), StringComparer.Ordinal);

    public static List<JournalEntry> Journal(WorkflowInstanceRecord saved) =>
        JsonSerializer.Deserialize<List<JournalEntry>>(saved.JournalJson, Json) ?? [];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow instance {InstanceId}: the lease was lost before the result was saved; the new owner runs it")]
    private static partial void LogLostAtCommit(ILogger logger, Guid instanceId);
}
