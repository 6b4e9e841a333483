using System.Net.Http.Headers;
using System.Text;
using IntegrationHub.Connectors.Http.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Http;

/// <summary>
/// Auth for a connector client from <see cref="ConnectorHttpServiceCollectionExtensions.AddConnectorHttpClient"/>. Each
/// binds its options from <c>Connectors:&lt;name&gt;:&lt;scheme&gt;</c>, validates them at start, and puts its handler just
/// inside error translation, outside the pipeline: a token refresh after a 401 is a new pass through the pipeline.
/// </summary>
public static class ConnectorHttpClientBuilderExtensions
{
    /// <summary>OAuth 2.0 client credentials: cached token, renewed early, renewed once more after a 401 (options: <c>OAuth2</c>).</summary>
    public static IHttpClientBuilder AddOAuth2ClientCredentials(this IHttpClientBuilder builder)
    {
        var connector = builder.Name;
        var services = builder.Services;
        AddAuthOptions<OAuth2ClientCredentialsOptions>(builder, "OAuth2");
        ConnectorHttpServiceCollectionExtensions.AddPipelineHandlers(
            services.AddHttpClient(OAuth2TokenSource.ClientName(connector), (sp, http) =>
            {
                http.BaseAddress = new Uri(sp.GetRequiredService<IOptionsMonitor<OAuth2ClientCredentialsOptions>>().Get(connector).TokenUrl);
                http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts govern
            }),
            connector,
            reportsCircuit: false);
        services.AddKeyedSingleton(connector, (sp, _) => new OAuth2TokenSource(
            connector,
            sp.GetRequiredService<IOptionsMonitor<OAuth2ClientCredentialsOptions>>().Get(connector),
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("IntegrationHub.Connectors.Http." + connector)));
        return InsertAuth(builder, sp => new OAuth2ClientCredentialsHandler(sp.GetRequiredKeyedService<OAuth2TokenSource>(connector).Cache));
    }

    /// <summary>An API key in a header on every call (options: <c>ApiKey</c>).</summary>
    public static IHttpClientBuilder AddApiKeyAuth(this IHttpClientBuilder builder)
    {
        AddAuthOptions<ApiKeyOptions>(builder, "ApiKey");
        return InsertAuth(builder, sp =>
        {
            var o = sp.GetRequiredService<IOptionsMonitor<ApiKeyOptions>>().Get(builder.Name);
            return new HeaderAuthHandler(o.HeaderName, o.Key);
        });
    }

    /// <summary>HTTP Basic on every call (options: <c>Basic</c>).</summary>
    public static IHttpClientBuilder AddBasicAuth(this IHttpClientBuilder builder)
    {
        AddAuthOptions<BasicAuthOptions>(builder, "Basic");
        return InsertAuth(builder, sp =>
        {
            var o = sp.GetRequiredService<IOptionsMonitor<BasicAuthOptions>>().Get(builder.Name);
            var value = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.UserName}:{o.Password}")));
            return new HeaderAuthHandler("Authorization", value.ToString());
        });
    }

    private static void AddAuthOptions<T>(IHttpClientBuilder builder, string scheme)
        where T : class
    {
        var section = ConnectorHttpServiceCollectionExtensions.SectionOf(builder.Name);
        builder.Services.AddOptions<T>(builder.Name).BindConfiguration($"{section}:{scheme}").ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<T>>((IValidateOptions<T>)(object)new AuthOptionsValidators(builder.Name, section));
    }

    // Right after the error translation handler (index 0), so 401s reach the auth handler as answers.
    private static IHttpClientBuilder InsertAuth(IHttpClientBuilder builder, Func<IServiceProvider, DelegatingHandler> create) =>
        builder.ConfigureAdditionalHttpMessageHandlers((handlers, sp) => handlers.Insert(Math.Min(1, handlers.Count), create(sp)));
}
