using Microsoft.Extensions.Options;
using Quartz;

namespace IntegrationHub.Workflows.Runtime.Triggers.Schedule;

/// <summary>
/// What a schedule fire does: starts an instance of the workflow's newest version with the fire times as input
/// (<c>scheduledAt</c>, <c>firedAt</c>, <c>nextAt</c>) and the correlation id <c>schedule:&lt;definitionId&gt;:&lt;scheduledAt&gt;</c>.
/// A faulted instance stays in the store for retry; the schedule keeps going.
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

        var scheduled = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        if (Skips(context.Trigger) && context.FireTimeUtc - scheduled > options.Value.ScheduleMisfireThreshold)
        {
            // After a misfire with the skip rule, Quartz fires at the next slot but still reports the first missed one as
            // scheduled: the run is the slot now due, and is named after it.
            scheduled = LastSlotBy(context.Trigger, scheduled, context.FireTimeUtc);
        }

        var input = new JsonObject
        {
            ["scheduledAt"] = Iso(scheduled),
            ["firedAt"] = Iso(context.FireTimeUtc),
            ["nextAt"] = context.NextFireTimeUtc is { } next ? Iso(next) : null,
        };
        var (instanceId, result) = await runner.RunAsync(entry, input, $"schedule:{definitionId}:{Iso(scheduled)}", cancellationToken).ConfigureAwait(false);
        if (result.SubStatus == WorkflowSubStatus.Faulted)
        {
            LogFaulted(logger, definitionId, instanceId, result.Incident?.Message);
        }
        else
        {
            LogRan(logger, definitionId, instanceId, result.SubStatus);
        }
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled run of {DefinitionId} skipped: the workflow is no longer loaded")]
    private static partial void LogGone(ILogger logger, string definitionId);
}
