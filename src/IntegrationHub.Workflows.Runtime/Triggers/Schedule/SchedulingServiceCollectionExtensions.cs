using Quartz;

namespace IntegrationHub.Workflows.Runtime.Triggers.Schedule;

internal static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Quartz with its in-memory job store (the default; a clustered ADO.NET store on PostgreSQL slots in for scale-out)
    /// and the sync that turns <c>Schedule</c> triggers into Quartz jobs. Quartz stops with the host and lets a running
    /// scheduled instance finish first.
    /// </summary>
    public static IServiceCollection AddWorkflowScheduling(this IServiceCollection services)
    {
        services.AddQuartz(q =>
        {
            q.UseInMemoryStore(_ => { });
            q.AddJobType<WorkflowScheduleJob>();
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<ScheduleWorkflowTriggers>();
        return services;
    }
}
