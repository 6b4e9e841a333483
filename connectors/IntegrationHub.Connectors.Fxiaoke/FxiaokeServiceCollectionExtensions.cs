using System.Text.Json;
using IntegrationHub.Connectors.Fxiaoke.Api;
using IntegrationHub.Connectors.Fxiaoke.Orders;
using IntegrationHub.Connectors.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Fxiaoke;

public static class FxiaokeServiceCollectionExtensions
{
    public const string HttpClientName = "fxiaoke";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Registers the Fxiaoke connector: options (validated at start), a named HttpClient, the RestEase API and the order sink.</summary>
    public static IServiceCollection AddFxiaokeConnector(this IServiceCollection services)
    {
        services.AddOptions<FxiaokeOptions>().BindConfiguration(FxiaokeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpClientName, (sp, http) =>
        {
            var o = sp.GetRequiredService<IOptions<FxiaokeOptions>>().Value;
            http.BaseAddress = new Uri(o.BaseUrl.EndsWith('/') ? o.BaseUrl : o.BaseUrl + "/");
            http.Timeout = o.Timeout;
        });
        services.AddSingleton(sp => RestClients.For<IFxiaokeApi>(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), Json));
        services.AddSingleton<FxiaokeClient>();
        services.AddSingleton<FxiaokeOrderSink>();
        return services;
    }
}
