using IntegrationHub.Connectors.Http;
using IntegrationHub.Connectors.Http.Options;
using IntegrationHub.Connectors.Http.VendorApis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Connectors.Fxiaoke;

public static class FxiaokeServiceCollectionExtensions
{
    /// <summary>The connector's name: its named HttpClient, pipeline, limiter and circuit, and <c>ConnectorException.Connector</c>.</summary>
    public const string HttpClientName = "fxiaoke";

    /// <summary>Default of <c>Connectors:Fxiaoke:Timeout</c>: the longest one CRM call may take, retries and waits included.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Registers the Fxiaoke connector: its credentials (<see cref="FxiaokeOptions"/>) and, through the shared plumbing, the
    /// named HttpClient <c>fxiaoke</c> with the connector's Polly pipeline, Fxiaoke's published limit per interface and
    /// per-attempt logging, all bound from <c>Connectors:Fxiaoke</c> and validated at start; then the client, the order sink and the connector (<see cref="FxiaokeConnector"/> as <see cref="IConnector"/>).
    /// </summary>
    public static IServiceCollection AddFxiaokeConnector(this IServiceCollection services)
    {
        services.AddOptions<FxiaokeOptions>().BindConfiguration(FxiaokeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddConnectorHttpClient(HttpClientName, o =>
        {
            o.Timeout = DefaultTimeout;
            PublishedLimits.Fxiaoke(o.Limits);
        }, FxiaokeOptions.Section).AddRefitApi<IFxiaokeApi>(unusable: FxiaokeClient.Unreadable);

        // Timeout was "one CRM call" before the pipeline existed, and any value from 1 s was valid: unless AttemptTimeout is
        // set too, an attempt may take the whole Timeout rather than fail start because the default attempt (20 s) is longer.
        services.AddOptions<ConnectorHttpOptions>(HttpClientName).PostConfigure<IConfiguration>((o, configuration) =>
        {
            if (configuration[FxiaokeOptions.Section + ":AttemptTimeout"] is null && o.AttemptTimeout > o.Timeout)
            {
                o.AttemptTimeout = o.Timeout;
            }
        });
        services.AddSingleton<FxiaokeClient>();
        services.AddSingleton<FxiaokeAccountCache>();
        services.AddSingleton<FxiaokeOrderUpserter>();
        services.AddSingleton<IConnector, FxiaokeConnector>();
        return services;
    }
}
