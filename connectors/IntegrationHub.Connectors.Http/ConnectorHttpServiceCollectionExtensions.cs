using IntegrationHub.Connectors.Http.Errors;
using IntegrationHub.Connectors.Http.Logging;
using IntegrationHub.Connectors.Http.Options;
using IntegrationHub.Connectors.Http.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Http;

public static class ConnectorHttpServiceCollectionExtensions
{
    /// <summary>The configuration section of a connector: <c>Connectors:&lt;name&gt;</c>.</summary>
    public static string SectionOf(string connector) => "Connectors:" + connector;

    /// <summary>
    /// Registers the named <see cref="HttpClient"/> <paramref name="connector"/> for a vendor API: <see cref="ConnectorHttpOptions"/>
    /// bound from <c>Connectors:&lt;connector&gt;</c> over <paramref name="defaults"/> and validated at start, the base
    /// address, and the handler chain (outermost first) error translation -> [auth, added by the returned builder's
    /// <c>Add...Auth</c>] -> the connector's resilience handler (Microsoft.Extensions.Http.Resilience) -> per-attempt logging. Call it once per connector.
    /// <paramref name="section"/> overrides the configuration section's spelling in binding and messages (for example
    /// <c>Connectors:Fxiaoke</c> for the connector <c>fxiaoke</c>; keys are case-insensitive, messages are not).
    /// </summary>
    public static IHttpClientBuilder AddConnectorHttpClient(
        this IServiceCollection services, string connector, Action<ConnectorHttpOptions>? defaults = null, string? section = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connector);
        section ??= SectionOf(connector);
        var options = services.AddOptions<ConnectorHttpOptions>(connector);
        if (defaults is not null)
        {
            options.Configure(defaults);
        }

        options.BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConnectorHttpOptions>>(new ConnectorHttpOptionsValidator(connector, section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new ConnectorRegistration(connector));
        services.TryAddSingleton<ConnectorPipelineRegistry>();
        services.TryAddSingleton<IConnectorCircuits>(sp => sp.GetRequiredService<ConnectorPipelineRegistry>());
        services.TryAddSingleton<Telemetry.IConnectorHeadroom>(sp => sp.GetRequiredService<ConnectorPipelineRegistry>());
        services.TryAddSingleton<Telemetry.ConnectorCallLog>();

        return AddPipelineHandlers(services.AddHttpClient(connector, (sp, http) =>
        {
            var baseUrl = sp.GetRequiredService<IOptionsMonitor<ConnectorHttpOptions>>().Get(connector).BaseUrl;
            http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts govern
        }), connector);
    }

    /// <summary>
    /// Error translation, the connector's resilience (<c>AddResilienceHandler</c> with the connector's strategies) and
    /// per-attempt logging, outermost first. <paramref name="reportsCircuit"/>: this is the connector's own client, whose
    /// breaker is the circuit <c>GET /api/v1/connectors</c> shows.
    /// </summary>
    internal static IHttpClientBuilder AddPipelineHandlers(IHttpClientBuilder builder, string connector, bool reportsCircuit = true)
    {
        builder.AddHttpMessageHandler(sp => new ErrorTranslationHandler(connector, sp.GetRequiredService<TimeProvider>()))
            .AddResilienceHandler("connector", (pipeline, context) =>
                context.ServiceProvider.GetRequiredService<ConnectorPipelineRegistry>().Get(connector).Configure(pipeline, reportsCircuit));
        return builder.AddHttpMessageHandler(sp => new HttpCallLoggingHandler(connector, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("IntegrationHub.Connectors.Http." + connector), sp.GetRequiredService<Telemetry.ConnectorCallLog>()));
    }
}
