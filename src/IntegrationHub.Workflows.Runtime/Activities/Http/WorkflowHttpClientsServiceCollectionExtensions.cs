using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Workflows.Runtime.Activities.Http;

internal static class WorkflowHttpClientsServiceCollectionExtensions
{
    /// <summary>Binds and validates (at start) the named clients of <c>Workflows:HttpClients</c> and wires them into <c>IHttpClientFactory</c>.</summary>
    public static IServiceCollection AddWorkflowHttpClients(this IServiceCollection services)
    {
        services.AddHttpClient();
        services.AddOptions<WorkflowHttpClientsOptions>()
            .Configure<IConfiguration>((o, configuration) =>
            {
                foreach (var client in configuration.GetSection(WorkflowHttpClientsOptions.Section).GetChildren())
                {
                    o.Clients[client.Key] = client.Get<WorkflowHttpClientOptions>() ?? new WorkflowHttpClientOptions();
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkflowHttpClientsOptions>, WorkflowHttpClientsValidator>();
        services.AddSingleton<IConfigureOptions<HttpClientFactoryOptions>, WorkflowHttpClientsSetup>();
        return services;
    }
}
