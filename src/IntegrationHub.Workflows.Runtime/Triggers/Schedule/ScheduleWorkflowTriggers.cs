using Quartz;

namespace IntegrationHub.Workflows.Runtime.Triggers.Schedule;

/// <summary>
/// Keeps Quartz in step with the catalog: every workflow whose newest version has a <c>Schedule</c> trigger gets one
/// job (key = definition id, group <c>workflows</c>) with a cron or interval trigger; a changed schedule replaces the
/// trigger, a removed one deletes the job; a job store shared by several nodes is compared as it is, and an unchanged
/// trigger found there is left alone. Quartz decides when to fire (misfire and overlap rules in
/// <see cref="ScheduleSpec"/>); <see cref="WorkflowScheduleJob"/> starts the instance.
/// </summary>
internal sealed partial class ScheduleWorkflowTriggers(
    WorkflowCatalog catalog,
    ISchedulerFactory schedulers,
    TimeProvider time,
    ILogger<ScheduleWorkflowTriggers> logger) : CatalogSyncService(catalog)
{
    public const string Group = "workflows";

    private readonly Dictionary<string, string> _scheduled = new(StringComparer.Ordinal);

    protected override async Task SyncAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var wanted = new Dictionary<string, ScheduleSpec>(StringComparer.Ordinal);
        foreach (var (definitionId, versions) in Catalog.Active)
        {
            if (versions.Values.Last().Workflow.Definition.Triggers.FirstOrDefault(t => t.Type == DurableWorkflowsServiceCollectionExtensions.ScheduleTrigger) is { } trigger
                && ScheduleSpec.Parse(trigger, []) is { } spec)
            {
                wanted[definitionId] = spec;
            }
        }

        // The job store may be shared (clustered on PostgreSQL): what it holds, not only what this node scheduled, is compared.
        var stored = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(Group), cancellationToken).ConfigureAwait(false);
        foreach (var definitionId in stored.Select(k => k.Name).Concat(_scheduled.Keys).Distinct().Where(id => !wanted.ContainsKey(id)).ToList())
        {
            await scheduler.DeleteJob(new JobKey(definitionId, Group), cancellationToken).ConfigureAwait(false);
            _scheduled.Remove(definitionId);
            LogUnscheduled(logger, definitionId);
        }

        foreach (var (definitionId, spec) in wanted)
        {
            var description = spec.Describe();
            if (_scheduled.GetValueOrDefault(definitionId) == description)
            {
                continue;
            }

            // Already in a shared store with this schedule (another node, or this one before a restart): kept as it is, so
            // its next fire time and the fires missed while every node was down (the misfire rule) stand.
            var job = JobBuilder.Create<WorkflowScheduleJob>()
                .WithIdentity(definitionId, Group)
                .UsingJobData(WorkflowScheduleJob.DefinitionKey, definitionId)
                .RequestRecovery() // a node that dies mid-fire: the fire runs again on another (the slot's start key keeps it to one instance)
                .Build();
            if ((await scheduler.GetTrigger(new TriggerKey(definitionId, Group), cancellationToken).ConfigureAwait(false))?.Description == description)
            {
                if ((await scheduler.GetJobDetail(job.Key, cancellationToken).ConfigureAwait(false))?.RequestsRecovery == false)
                {
                    await scheduler.AddJob(job, new AddJobOptions { Replace = true, StoreNonDurableWhileAwaitingScheduling = true }, cancellationToken).ConfigureAwait(false); // stored by an older hub
                }

                _scheduled[definitionId] = description;
                continue;
            }

            var trigger = TriggerBuilder.Create(time)
                .WithIdentity(definitionId, Group)
                .ForJob(job)
                .WithDescription(description)
                .WithOverlapPolicy(spec.Misfire == ScheduleMisfire.FireOnce ? OverlapPolicy.BufferOne : OverlapPolicy.Skip)
                .WithSchedule(Schedule(spec))
                .StartAt(spec.Interval is { } interval ? time.GetUtcNow() + interval : time.GetUtcNow())
                .Build();
            await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions { Replace = true }, cancellationToken).ConfigureAwait(false);
            _scheduled[definitionId] = description;
            LogScheduled(logger, definitionId, description, trigger.GetFireTimeAfter(time.GetUtcNow()));
        }
    }

    private static IScheduleBuilder Schedule(ScheduleSpec spec) =>
        spec.Cron is { } cron
            ? CronScheduleBuilder.Create(cron).InTimeZone(spec.TimeZone).WithMisfireInstruction(
                spec.Misfire == ScheduleMisfire.FireOnce ? CronTriggerMisfireInstruction.FireAndProceed : CronTriggerMisfireInstruction.DoNothing)
            : SimpleScheduleBuilder.Create().WithInterval(spec.Interval!.Value).RepeatForever().WithMisfireInstruction(
                spec.Misfire == ScheduleMisfire.FireOnce ? SimpleTriggerMisfireInstruction.NowWithExistingCount : SimpleTriggerMisfireInstruction.NextWithRemainingCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {DefinitionId} is scheduled: {Schedule}; next fire {Next}")]
    private static partial void LogScheduled(ILogger logger, string definitionId, string schedule, DateTimeOffset? next);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {DefinitionId} is no longer scheduled")]
    private static partial void LogUnscheduled(ILogger logger, string definitionId);
}
