using IntegrationHub.Connectors.Http;

namespace IntegrationHub.Connectors.Mailchimp.Api;

/// <summary>
/// Keeps the contract's error types: the shared RestEase deserializer reports an unreadable answer as
/// <see cref="ConnectorResponseException"/>, which is not a <see cref="ConnectorException"/>; here it becomes a permanent one.
/// </summary>
internal static class MailchimpCalls
{
    public static async Task<T> ReadableAsync<T>(Task<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (ConnectorResponseException ex)
        {
            throw new ConnectorPermanentException(MailchimpServiceCollectionExtensions.HttpClientName, "mailchimp: " + ex.Message, ex);
        }
    }
}
