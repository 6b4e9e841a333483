using IntegrationHub.Connectors.Http;
using IntegrationHub.Connectors.Http.Options;
using IntegrationHub.Connectors.Http.VendorApis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Connectors.Kingdee;

public static class KingdeeServiceCollectionExtensions
{
    /// <summary>The connector's name: its system, named HttpClient, pipeline, limiter and circuit.</summary>
    public const string HttpClientName = "kingdee";

    /// <summary>
    /// Registers the Kingdee K3Cloud connector: <see cref="KingdeeOptions"/> and, through the shared plumbing, the named
    /// HttpClient <c>kingdee</c> (Polly pipeline, limits, per-attempt logging), all bound from <c>Connectors:Kingdee</c> and
    /// validated at start; then <see cref="KingdeeClient"/> and <see cref="KingdeeConnector"/> as an <see cref="IConnector"/>.
    /// The session is sent as a cookie by the client itself: the primary handler keeps no cookie jar.
    /// </summary>
    public static IServiceCollection AddKingdeeConnector(this IServiceCollection services)
    {
        services.AddOptions<KingdeeOptions>().BindConfiguration(KingdeeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddConnectorHttpClient(HttpClientName, o => PublishedLimits.Kingdee(o.Limits), KingdeeOptions.Section)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddRefitApi<IKingdeeApi>(KingdeeClient.Json);
        services.AddSingleton<KingdeeClient>();
        services.AddSingleton<KingdeeConnector>();
        services.AddSingleton<IConnector>(sp => sp.GetRequiredService<KingdeeConnector>());
        return services;
    }
}
