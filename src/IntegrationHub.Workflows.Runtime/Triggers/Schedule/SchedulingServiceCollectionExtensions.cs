using Quartz;

namespace IntegrationHub.Workflows.Runtime.Triggers.Schedule;

internal static class SchedulingServiceCollectionExtensions
{
    /// <summary>The Quartz scheduler's name: every hub node on one clustered store runs the same one.</summary>
    public const string SchedulerName = "IntegrationHub";

    /// <summary>
    /// Quartz and the sync that turns <c>Schedule</c> triggers into Quartz jobs. Without <paramref name="clusteredStore"/>,
    /// Quartz keeps its jobs in memory (one node). With it (a PostgreSQL connection string), Quartz's ADO.NET job store in
    /// clustered mode on the hub's own database (Quartz creates its <c>qrtz_</c> tables there at start when missing): each fire runs on one node,
    /// a node that dies is noticed by the others' check-ins and its fires are taken over, and fires missed while every node
    /// was down (later than <c>Workflows:ScheduleMisfireThreshold</c>) are handled by each schedule's misfire rule at the next start. Quartz stops with the host: a running
    /// scheduled instance is interrupted (its cancellation token fires, so a long read stops after its current record, with
    /// every finished page's cursor saved) and waited for; the next start catches up from the cursor.
    /// </summary>
    /// <param name="settings">
    /// The <c>Workflows</c> settings Quartz is built from before the options exist: how late a fire may be and still run as
    /// itself (<c>ScheduleMisfireThreshold</c>), and with a clustered store how often nodes check in and how long a silent
    /// node has before its fires are taken over (<c>ScheduleCheckInInterval</c>, <c>ScheduleCheckInAllowance</c>).
    /// </param>
    public static IServiceCollection AddWorkflowScheduling(this IServiceCollection services, string? clusteredStore = null, WorkflowEngineOptions? settings = null)
    {
        settings ??= new WorkflowEngineOptions();
        var threshold = settings.ScheduleMisfireThreshold;
        var properties = new System.Collections.Specialized.NameValueCollection
        {
            ["quartz.jobStore.misfireThreshold"] = ((long)threshold.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["quartz.scheduler.instanceName"] = SchedulerName,
            ["quartz.scheduler.instanceId"] = "AUTO", // a node id of its own (host name and time), as clustering needs
        };
        services.AddQuartz(properties, q =>
        {
            if (string.IsNullOrEmpty(clusteredStore))
            {
                q.UseInMemoryStore(_ => { });
            }
            else
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(clusteredStore);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = settings.ScheduleCheckInInterval;
                        c.CheckinMisfireThreshold = settings.ScheduleCheckInAllowance;
                    });
                    store.UseSystemTextJsonSerializer();
                    store.ProvisionSchema();
                });
            }

            q.AddJobType<WorkflowScheduleJob>();
        });
        services.Configure<QuartzSchedulerOptions>(o => o.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs);
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<ScheduleWorkflowTriggers>();
        return services;
    }
}
