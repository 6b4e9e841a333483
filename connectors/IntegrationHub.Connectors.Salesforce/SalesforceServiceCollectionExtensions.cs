using IntegrationHub.Connectors.Http;
using IntegrationHub.Connectors.Http.VendorApis;
using IntegrationHub.Connectors.Salesforce.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Salesforce;

public static class SalesforceServiceCollectionExtensions
{
    /// <summary>The connector's name: its named HttpClient, pipeline, limiter and circuit, and <c>ConnectorException.Connector</c>.</summary>
    public const string HttpClientName = "salesforce";

    /// <summary>
    /// Registers the Salesforce connector as an <see cref="IConnector"/>: <see cref="SalesforceOptions"/> and, through the shared
    /// plumbing, the named HttpClient <c>salesforce</c> (pipeline, limits, per-attempt logging), all from <c>Connectors:Salesforce</c>
    /// and validated at start. Nothing outside this project changes for it.
    /// </summary>
    public static IServiceCollection AddSalesforceConnector(this IServiceCollection services)
    {
        services.AddOptions<SalesforceOptions>().BindConfiguration(SalesforceOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SalesforceOptions>, SalesforceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddConnectorHttpClient(HttpClientName, section: SalesforceOptions.Section)
            .AddHttpMessageHandler(sp => new SalesforceUsageHandler(sp.GetRequiredService<SalesforceApiUsage>()))
            .AddRefitApi<ISalesforceApi>();
        services.AddSingleton<SalesforceApiUsage>();
        services.AddSingleton<SalesforceClient>();
        services.AddSingleton<SalesforceConnector>();
        services.AddSingleton<IConnector>(sp => sp.GetRequiredService<SalesforceConnector>());
        return services;
    }
}
