using IntegrationHub.Connectors.Hosting;
using IntegrationHub.Host.Customers;
using IntegrationHub.Host.Orders;
using IntegrationHub.Host.Receivables;
using IntegrationHub.Workflows;
using IntegrationHub.Workflows.Runtime;

namespace IntegrationHub.Host.Workflows;

/// <summary>The engine as the hub uses it: built-in activities, the hub's integration activities and its trigger types. Shared by the host and the CLI so both accept the same files.</summary>
internal static class HubWorkflowRegistration
{
    public const string WebhookTrigger = "Webhook";

    public static WorkflowEngineBuilder AddHubWorkflowEngine(this IServiceCollection services) =>
        services.AddSingleton<IntegrationHub.Workflows.Activities.IKnownNames, HubKnownNames>().AddWorkflowEngine()
            .AddActivity<MarkOrderDeliveredActivity>()
            .AddActivity<NormalizeCustomerActivity>()
            .AddActivity<RecordReceivablesActivity>()
            .AddActivity<RecordPaymentsActivity>()
            .AddActivity<CustomerCreditActivity>()
            .AddActivity<Value.CustomerValueActivity>()
            .AddConnectorActivities()
            .AddRuntimeActivitiesAndTriggers()
            .AddTriggerType(WebhookTrigger);

}
