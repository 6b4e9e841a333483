using IntegrationHub.Connectors.Fxiaoke;
using IntegrationHub.Connectors.Kingdee;
using IntegrationHub.Connectors.Mailchimp;
using IntegrationHub.Connectors.Salesforce;
using IntegrationHub.Connectors.Xero;

namespace IntegrationHub.Host.Configuration;

/// <summary>
/// The built-in connectors: each is registered when its <c>Connectors:&lt;System&gt;:BaseUrl</c> is set (the dev
/// environment's settings file sets them all), so a hub that does not talk to Xero needs no Xero settings, while a
/// configured connector's settings are validated at start like every other option. A workflow naming a connector that
/// is not registered is rejected when it loads (once any connector is registered) or faults when it runs.
/// </summary>
internal static class ConfiguredConnectors
{
    public static IServiceCollection AddConfiguredConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        (string Section, Func<IServiceCollection, IServiceCollection> Add)[] connectors =
        [
            (FxiaokeOptions.Section, s => s.AddFxiaokeConnector()),
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
