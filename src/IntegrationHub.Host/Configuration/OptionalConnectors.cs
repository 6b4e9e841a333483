using IntegrationHub.Connectors.Kingdee;
using IntegrationHub.Connectors.Mailchimp;
using IntegrationHub.Connectors.Salesforce;
using IntegrationHub.Connectors.Xero;

namespace IntegrationHub.Host.Configuration;

/// <summary>
/// The built-in connectors besides the CRM core: each is registered when its <c>Connectors:&lt;System&gt;:BaseUrl</c> is set
/// (the sandboxes set it in demo and sandbox mode), so a hub that does not talk to Xero needs no Xero settings, while a
/// configured connector's settings are validated at start like every other option.
/// </summary>
internal static class OptionalConnectors
{
    public static IServiceCollection AddOptionalConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        (string Section, Func<IServiceCollection, IServiceCollection> Add)[] connectors =
        [
            (KingdeeOptions.Section, s => s.AddKingdeeConnector()),
            (XeroOptions.Section, s => s.AddXeroConnector()),
            (MailchimpOptions.Section, s => s.AddMailchimpConnector()),
            (SalesforceOptions.Section, s => s.AddSalesforceConnector()),
        ];
        foreach (var (section, add) in connectors)
        {
            if (!string.IsNullOrWhiteSpace(configuration[section + ":BaseUrl"]))
            {
                add(services);
            }
        }

        return services;
    }
}
