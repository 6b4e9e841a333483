using System.Text.Json;
using IntegrationHub.Orders;
using Refit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Connectors.Http.VendorApis;

/// <summary>
/// Refit on a connector's named client. <c>AddRefitApi&lt;TApi&gt;()</c> registers Refit's source-generated implementation of
/// a vendor interface on the client from <see cref="ConnectorHttpServiceCollectionExtensions.AddConnectorHttpClient"/>, so
/// every call goes through its error translation, auth, pipeline and logging. Settings: System.Text.Json with the hub's
/// canonical options (camelCase, case-insensitive reading) unless the vendor needs others, request bodies buffered (a
/// Content-Length, and the same bytes on a retry), the handlers' <see cref="ConnectorException"/>s surfaced as they are, and
/// an answer that is not the expected JSON turned into a <see cref="ConnectorPermanentException"/> naming the call.
/// </summary>
public static class ConnectorRefit
{
    public static IHttpClientBuilder AddRefitApi<TApi>(
        this IHttpClientBuilder builder, JsonSerializerOptions? json = null, Func<HttpResponseMessage, Exception, Exception>? unusable = null)
        where TApi : class
    {
        var connector = builder.Name;
        var settings = Settings(connector, json, unusable);
        builder.Services.AddRefitGeneratedClient<TApi>(_ => settings, connector);
        builder.Services.TryAddSingleton(typeof(RefitApi<>));
        return builder;
    }

    /// <summary>The settings every connector's Refit client uses.</summary>
    public static RefitSettings Settings(string connector, JsonSerializerOptions? json = null, Func<HttpResponseMessage, Exception, Exception>? unusable = null) =>
        new(new SystemTextJsonContentSerializer(json ?? CanonicalJson.Options))
        {
            Buffered = true,
            // The handlers already threw typed connector errors (and the pipeline's timeouts and cancellation): keep them.
            TransportExceptionFactory = static (_, exception, _) => exception,
            DeserializationExceptionFactory = (response, exception) =>
                ValueTask.FromResult<Exception?>(unusable?.Invoke(response, exception) ?? Unusable(connector, response, exception)),
        };

    /// <summary>A success whose body is not what the interface declares: permanent (repeating it gets the same), body not echoed.</summary>
    public static ConnectorPermanentException Unusable(string connector, HttpResponseMessage response, Exception exception)
    {
        var status = (int)response.StatusCode;
        var what = exception is JsonException json ? $"a body that is not the expected JSON ({json.Message})" : $"a body that could not be read ({exception.GetType().Name})";
        var request = response.RequestMessage;
        return new ConnectorPermanentException(connector,
            $"{connector}: {request?.Method} {request?.RequestUri?.AbsolutePath} answered {status} with {what}", exception) { StatusCode = status };
    }
}

/// <summary>
/// The current Refit client of <typeparamref name="TApi"/> for singletons: a fresh typed client per use, so the factory's
/// handler rotation (DNS changes) is not defeated by holding one client for the process's life. Clients are cheap; handlers are pooled.
/// </summary>
public sealed class RefitApi<TApi>(IServiceProvider services)
    where TApi : class
{
    public TApi Client => services.GetRequiredService<TApi>();
}
