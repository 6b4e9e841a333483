using IntegrationHub.Connectors.Http;
using IntegrationHub.Connectors.Http.Options;
using IntegrationHub.Connectors.Http.VendorApis;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Connectors.Xero;

public static class XeroServiceCollectionExtensions
{
    /// <summary>The connector's name: its system, named HttpClient, pipeline, limiter and circuit.</summary>
    public const string HttpClientName = "xero";

    /// <summary>
    /// Default of <c>Connectors:Xero:Timeout</c>: two minutes, so that a call made after a burst has used the minute's 60 calls
    /// can wait for the next window (the limiter holds it up to a minute) instead of failing its run.
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Registers the Xero connector: <see cref="XeroOptions"/> and, through the shared plumbing, the named HttpClient <c>xero</c>
    /// with Xero's published limits as defaults and OAuth2 client credentials, all bound from <c>Connectors:Xero</c> and
    /// validated at start; then <see cref="XeroClient"/> and <see cref="XeroConnector"/> as an <see cref="IConnector"/>.
    /// </summary>
    public static IServiceCollection AddXeroConnector(this IServiceCollection services)
    {
        services.AddOptions<XeroOptions>().BindConfiguration(XeroOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddConnectorHttpClient(HttpClientName, o =>
        {
            PublishedLimits.Xero(o.Limits);
            o.Timeout = DefaultTimeout;
        }, XeroOptions.Section)
            .AddOAuth2ClientCredentials()
            .ConfigureHttpClient((sp, http) =>
            {
                // The Accounting API's root: the interface's paths are relative to it.
                var apiPath = sp.GetRequiredService<IOptions<XeroOptions>>().Value.ApiPath.Trim('/');
                http.BaseAddress = new Uri(http.BaseAddress!, apiPath + "/");
            })
            .AddRefitApi<IXeroApi>();
        services.AddSingleton<XeroClient>();
        services.AddSingleton<XeroConnector>();
        services.AddSingleton<IConnector>(sp => sp.GetRequiredService<XeroConnector>());
        return services;
    }
}
