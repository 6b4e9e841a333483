using Microsoft.Extensions.Options;
using Quartz;

namespace IntegrationHub.Workflows.Runtime.Triggers.Schedule;

/// <summary>
/// What a schedule fire does: starts an instance of the workflow's newest version with the fire times as input
/// (<c>scheduledAt</c>, <c>firedAt</c>, <c>nextAt</c>) and the correlation id <c>schedule:&lt;definitionId&gt;:&lt;scheduledAt&gt;</c>.
/// A faulted instance stays in the store for retry; the schedule keeps going. The job asks Quartz for recovery, so a fire
/// whose node died while it ran is run again elsewhere; the slot's start key keeps that (and any double fire) to one instance.
/// </summary>
internal sealed partial class WorkflowScheduleJob(WorkflowCatalog catalog, IWorkflowStarter runner, IOptions<WorkflowEngineOptions> options, ILogger<WorkflowScheduleJob> logger) : IJob
{
    public const string DefinitionKey = "definitionId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var definitionId = context.MergedJobDataMap.GetString(DefinitionKey)!;
        if (catalog.Find(definitionId) is not { } entry)
        {
            LogGone(logger, definitionId);
            return;
        }

        var (scheduled, fired) = await SlotAsync(context, cancellationToken).ConfigureAwait(false);
        var input = new JsonObject
        {
            ["scheduledAt"] = Iso(scheduled),
            ["firedAt"] = Iso(fired),
            ["nextAt"] = context.NextFireTimeUtc is { } next && !context.Recovering ? Iso(next) : null,
        };

        // One instance per slot, on whichever node and however often Quartz fires it (a recovery of a node that died after
        // starting it, a node wrongly judged dead): the slot's correlation id is a start key the store keeps unique.
        var (instanceId, result) = await runner.RunOnceAsync(entry, input, $"schedule:{definitionId}:{Iso(scheduled)}", cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            LogAlreadyStarted(logger, definitionId, Iso(scheduled), instanceId);
        }
        else if (result.SubStatus == WorkflowSubStatus.Faulted)
        {
            LogFaulted(logger, definitionId, instanceId, result.Incident?.Message);
        }
        else
        {
            LogRan(logger, definitionId, instanceId, result.SubStatus);
        }
    }

    /// <summary>
    /// The slot a fire runs and when it fired. After a misfire with the skip rule, Quartz fires at the next slot but still
    /// reports the first missed one as scheduled: the run is the slot now due, and is named after it. A recovery (the job
    /// asks for it: a node died while a fire ran there) stands for the original fire, whose times Quartz keeps to the
    /// second; the original trigger's schedule gives the exact slot back (slots are at least a second apart).
    /// </summary>
    private async Task<(DateTimeOffset Scheduled, DateTimeOffset Fired)> SlotAsync(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var trigger = context.Trigger;
        var scheduled = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var fired = context.FireTimeUtc;
        if (context.Recovering && context.RecoveringTriggerKey is { } originalKey
            && TryParse(context.MergedJobDataMap.GetString(SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime), out var originalScheduled)
            && TryParse(context.MergedJobDataMap.GetString(SchedulerConstants.FailedJobOriginalTriggerFireTime), out var originalFired))
        {
            if (await context.Scheduler.GetTrigger(originalKey, cancellationToken).ConfigureAwait(false) is not { } original)
            {
                return (originalScheduled, originalFired);
            }

            trigger = original;
            scheduled = original.GetFireTimeAfter(originalScheduled.AddTicks(-1)) is { } exact && exact - originalScheduled < TimeSpan.FromSeconds(1) ? exact : originalScheduled;
            fired = originalFired;
        }

        if (Skips(trigger) && fired - scheduled > options.Value.ScheduleMisfireThreshold)
        {
            scheduled = LastSlotBy(trigger, scheduled, fired);
        }

        return (scheduled, fired);
    }

    private static bool TryParse(string? text, out DateTimeOffset at) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out at);

    private static bool Skips(ITrigger trigger) => trigger switch
    {
        ICronTrigger cron => cron.MisfireInstruction == CronTriggerMisfireInstruction.DoNothing,
        ISimpleTrigger simple => simple.MisfireInstruction == SimpleTriggerMisfireInstruction.NextWithRemainingCount,
        _ => false,
    };

    /// <summary>The latest fire time of <paramref name="trigger"/>'s schedule at or before <paramref name="by"/>, counting from <paramref name="from"/>.</summary>
    private static DateTimeOffset LastSlotBy(ITrigger trigger, DateTimeOffset from, DateTimeOffset by)
    {
        var slot = from;
        for (var i = 0; i < 100_000 && trigger.GetFireTimeAfter(slot) is { } next && next <= by; i++)
        {
            slot = next;
        }

        return slot;
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled run of {DefinitionId}: instance {InstanceId} {SubStatus}")]
    private static partial void LogRan(ILogger logger, string definitionId, Guid instanceId, WorkflowSubStatus subStatus);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled run of {DefinitionId}: instance {InstanceId} faulted: {Reason}")]
    private static partial void LogFaulted(ILogger logger, string definitionId, Guid instanceId, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled run of {DefinitionId} for {Slot} was started already (instance {InstanceId}): this fire does nothing")]
    private static partial void LogAlreadyStarted(ILogger logger, string definitionId, string slot, Guid instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled run of {DefinitionId} skipped: the workflow is no longer loaded")]
    private static partial void LogGone(ILogger logger, string definitionId);
}
