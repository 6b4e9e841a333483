using Quartz;

namespace IntegrationHub.Workflows.Runtime.Triggers.Schedule;

internal static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Quartz with its in-memory job store (the default; a clustered ADO.NET store on PostgreSQL slots in for scale-out)
    /// and the sync that turns <c>Schedule</c> triggers into Quartz jobs. Quartz stops with the host: a running scheduled
    /// instance is interrupted (its cancellation token fires, so a long read stops after its current record, with every
    /// finished page's cursor saved) and waited for; the next start catches up from the cursor. Waiting for it to finish
    /// would hold a shutdown for as long as a large sync under a vendor's rate limit takes.
    /// </summary>
    public static IServiceCollection AddWorkflowScheduling(this IServiceCollection services)
    {
        services.AddQuartz(q =>
        {
            q.UseInMemoryStore(_ => { });
            q.AddJobType<WorkflowScheduleJob>();
        });
        services.Configure<QuartzSchedulerOptions>(o => o.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs);
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<ScheduleWorkflowTriggers>();
        return services;
    }
}
