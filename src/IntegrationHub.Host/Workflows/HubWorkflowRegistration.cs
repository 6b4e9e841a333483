using IntegrationHub.Connectors.Hosting;
using IntegrationHub.Host.Workflows.Activities;
using IntegrationHub.Workflows;

namespace IntegrationHub.Host.Workflows;

/// <summary>The engine as the hub uses it: built-in activities, the hub's integration activities and its trigger types. Shared by the host and the CLI so both accept the same files.</summary>
internal static class HubWorkflowRegistration
{
    public const string KafkaTrigger = "Kafka.MessageReceived";
    public const string WebhookTrigger = "Webhook";
    public const string ScheduleTrigger = "Schedule";

    public static WorkflowEngineBuilder AddHubWorkflowEngine(this IServiceCollection services) =>
        services.AddWorkflowEngine()
            .AddActivity<CrmUpsertOrderActivity>()
            .AddConnectorActivities()
            .AddTriggerType(KafkaTrigger, "topic")
            .AddTriggerType(WebhookTrigger)
            .AddTriggerType(ScheduleTrigger, CheckSchedule);

    private static List<string> CheckSchedule(IntegrationHub.Workflows.Model.TriggerDefinition trigger)
    {
        var errors = new List<string>();
        Scheduling.ScheduleSpec.Parse(trigger, errors);
        return errors;
    }
}
