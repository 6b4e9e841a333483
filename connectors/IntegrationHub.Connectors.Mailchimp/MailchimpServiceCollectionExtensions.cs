using System.Net.Http.Headers;
using System.Text;
using IntegrationHub.Connectors.Http;
using IntegrationHub.Connectors.Http.Options;
using IntegrationHub.Connectors.Http.VendorApis;
using IntegrationHub.Connectors.Mailchimp.Api;
using IntegrationHub.Connectors.Mailchimp.Members;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Mailchimp;

public static class MailchimpServiceCollectionExtensions
{
    /// <summary>The connector's name: its named HttpClient, pipeline, limiter and circuit, and <c>ConnectorException.Connector</c>.</summary>
    public const string HttpClientName = "mailchimp";

    /// <summary>
    /// Registers the Mailchimp connector as an <see cref="IConnector"/>: <see cref="MailchimpOptions"/> and, through the
    /// shared plumbing, the named HttpClient <c>mailchimp</c> (pipeline, Mailchimp's 10 simultaneous connections, per-attempt
    /// logging), all from <c>Connectors:Mailchimp</c> and validated at start. The API key goes out as HTTP Basic on every
    /// call; the base URL defaults to the key's data centre.
    /// </summary>
    public static IServiceCollection AddMailchimpConnector(this IServiceCollection services)
    {
        services.AddOptions<MailchimpOptions>().BindConfiguration(MailchimpOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MailchimpOptions>, MailchimpOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddConnectorHttpClient(HttpClientName, o => PublishedLimits.Mailchimp(o.Limits), MailchimpOptions.Section)
            .ConfigureHttpClient((sp, http) =>
            {
                // Any user name; the key is the password. Set on the client, never logged (the logging handler writes no headers).
                var key = sp.GetRequiredService<IOptions<MailchimpOptions>>().Value.ApiKey;
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("integration-hub:" + key)));
            })
            .AddRefitApi<IMailchimpApi>();

        // BaseUrl may be left out: the key's suffix names the data centre.
        services.AddOptions<ConnectorHttpOptions>(HttpClientName).PostConfigure<IConfiguration>((o, configuration) =>
        {
            if (string.IsNullOrWhiteSpace(o.BaseUrl) && MailchimpApiKey.BaseUrlOf(configuration[MailchimpOptions.Section + ":ApiKey"] ?? "") is { } url)
            {
                o.BaseUrl = url;
            }
        });

        services.AddSingleton<MailchimpMemberReader>();
        services.AddSingleton<MailchimpMemberUpserter>();
        services.AddSingleton<MailchimpTagsUpserter>();
        services.AddSingleton<MailchimpMemberLookup>();
        services.AddSingleton<MailchimpConnector>();
        services.AddSingleton<IConnector>(sp => sp.GetRequiredService<MailchimpConnector>());
        return services;
    }
}
