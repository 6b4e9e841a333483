using System.Text.Json;
using IntegrationHub.Orders;
using Refit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Connectors.Http.VendorApis;

/// <summary>
/// Refit on a connector's named client. <c>AddRefitApi&lt;TApi&gt;()</c> registers Refit's source-generated implementation of
/// a vendor interface (<c>RestService.ForGenerated</c>) as a typed client over the named client from <see cref="ConnectorHttpServiceCollectionExtensions.AddConnectorHttpClient"/>, so
/// every call goes through its error translation, auth, pipeline and logging. Settings: System.Text.Json with the hub's
/// canonical options (camelCase, case-insensitive reading) unless the vendor needs others, request bodies buffered (a
/// Content-Length, and the same bytes on a retry), the handlers' <see cref="ConnectorException"/>s surfaced as they are, an
/// answer that is not the expected JSON turned into a <see cref="ConnectorPermanentException"/> naming the call, and one whose
/// body broke off while read into a <see cref="ConnectorTransientException"/>.
/// </summary>
public static class ConnectorRefit
{
    public static IHttpClientBuilder AddRefitApi<TApi>(
        this IHttpClientBuilder builder, JsonSerializerOptions? json = null, Func<HttpResponseMessage, Exception, Exception>? unusable = null)
        where TApi : class
    {
        // Refit's generated implementation over the connector's named client: a typed client registered here rather than
        // with Refit.HttpClientFactory's AddRefitGeneratedClient, which (16.4) also replaces the named client's primary
        // handler with a default HttpClientHandler. That silently undid Kingdee's cookie-less handler: the handler's cookie
        // jar kept the login's Set-Cookie and every call sent the session cookie twice (found by its WireMock contract test).
        var connector = builder.Name;
        var settings = Settings(connector, json, unusable);
        builder.Services.AddTransient(sp => RestService.ForGenerated<TApi>(sp.GetRequiredService<IHttpClientFactory>().CreateClient(connector), settings));
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
            DeserializationExceptionFactory = (response, exception) => ValueTask.FromResult<Exception?>(
                exception is HttpRequestException or IOException ? BrokenOff(connector, response, exception)
                    : unusable?.Invoke(response, exception) ?? Unusable(connector, response, exception)),
        };

    /// <summary>The answer's body broke off while it was read (the connection dropped): transient, the call may be repeated later.</summary>
    public static ConnectorTransientException BrokenOff(string connector, HttpResponseMessage response, Exception exception)
    {
        var request = response.RequestMessage;
        return new ConnectorTransientException(connector,
            $"{connector}: {request?.Method} {request?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode} but its body broke off ({exception.GetType().Name})", exception)
        {
            StatusCode = (int)response.StatusCode,
        };
    }

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
