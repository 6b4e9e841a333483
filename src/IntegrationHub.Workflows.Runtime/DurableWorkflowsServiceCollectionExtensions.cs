using IntegrationHub.Workflows.Runtime.Activities;
using IntegrationHub.Workflows.Runtime.Activities.Http;
using IntegrationHub.Workflows.Runtime.Events;
using IntegrationHub.Workflows.Runtime.Maintenance;
using IntegrationHub.Workflows.Runtime.Triggers.Kafka;
using IntegrationHub.Workflows.Runtime.Triggers.Schedule;

namespace IntegrationHub.Workflows.Runtime;

/// <summary>Registration of the durable runtime.</summary>
public static class DurableWorkflowsServiceCollectionExtensions
{
    /// <summary>Trigger type of workflows started by each record of a Kafka topic.</summary>
    public const string KafkaTrigger = "Kafka.MessageReceived";

    /// <summary>Trigger type of workflows started by Quartz on a cron expression or an interval.</summary>
    public const string ScheduleTrigger = "Schedule";

    /// <summary>
    /// The durable runtime over the store contracts (<c>IWorkflowInstanceStore</c>, leases, bookmarks, the event queue:
    /// register a store first): the verbs (<see cref="IWorkflowStarter"/>, <see cref="IWorkflowResumer"/>,
    /// <see cref="IWorkflowRetrier"/>, <see cref="IWorkflowCanceller"/>), and with <paramref name="background"/> the
    /// services that keep instances moving without a caller: timers, recovery of orphaned instances, retention, the
    /// queued-event sweeper, the Kafka and schedule triggers, and the workflows health check. With
    /// <paramref name="clusteredSchedules"/> (the PostgreSQL store's connection string), schedules live in Quartz's
    /// clustered job store there, so each fire runs on one node of many.
    /// </summary>
    public static IServiceCollection AddDurableWorkflows(this IServiceCollection services, bool background = true, string? clusteredSchedules = null, WorkflowEngineOptions? scheduleSettings = null)
    {
        services.AddSingleton<RunningInstances>();
        services.AddSingleton<WorkflowTimerSignal>();
        services.AddSingleton<InstanceLeases>();
        services.AddSingleton<InstanceExecutor>();
        services.AddSingleton<WorkflowResumer>().AddSingleton<IWorkflowResumer>(sp => sp.GetRequiredService<WorkflowResumer>());
        services.AddSingleton<IWorkflowStarter, WorkflowStarter>();
        services.AddSingleton<IWorkflowRetrier, WorkflowRetrier>();
        services.AddSingleton<IWorkflowCanceller, WorkflowCanceller>();
        services.AddSingleton<IWorkflowEvents, Events.WorkflowEvents>();
        services.AddSingleton<WorkflowRecoverer>();
        if (!background)
        {
            return services;
        }

        services.AddHostedService<WorkflowTimerService>();
        services.AddHostedService<WorkflowRecoveryService>();
        services.AddHostedService<KafkaWorkflowTriggers>();
        services.AddWorkflowScheduling(clusteredSchedules, scheduleSettings);
        services.AddHostedService<InstanceRetentionService>();
        services.AddSingleton<QueuedEventSweeper>().AddHostedService(sp => sp.GetRequiredService<QueuedEventSweeper>());
        services.AddHealthChecks().AddCheck<WorkflowsHealthCheck>("workflows", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// The runtime's trigger types (<see cref="KafkaTrigger"/> with its topic checked against the hub's known topics,
    /// <see cref="ScheduleTrigger"/> with its cron/interval checked at load) and its integration activities
    /// (<c>PublishMessage</c>, <c>SendHttpRequest</c> with the named clients under <c>Workflows:HttpClients</c>).
    /// </summary>
    public static WorkflowEngineBuilder AddRuntimeActivitiesAndTriggers(this WorkflowEngineBuilder engine)
    {
        engine.Services.AddWorkflowHttpClients();
        return engine
            .AddActivity<PublishMessageActivity>()
            .AddActivity<RaiseEventActivity>()
            .AddActivity<SendHttpRequestActivity>()
            .AddTriggerType(KafkaTrigger, "topic")
            .CheckTriggerName(KafkaTrigger, "topic", IntegrationHub.Workflows.Activities.NameKinds.Topic)
            .AddTriggerType(ScheduleTrigger, CheckSchedule);
    }

    private static List<string> CheckSchedule(IntegrationHub.Workflows.Model.TriggerDefinition trigger)
    {
        var errors = new List<string>();
        ScheduleSpec.Parse(trigger, errors);
        return errors;
    }
}
