using IntegrationHub.Connectors.Http.VendorApis;
using IntegrationHub.Connectors.Mailchimp.Api;
using IntegrationHub.Connectors.Mailchimp.Members;

namespace IntegrationHub.Connectors.Mailchimp;

/// <summary>The Mailchimp connector (<c>mailchimp</c>): the audience's members as marketing contacts (read, upsert, get), and their tags (<c>marketing-tags</c>, write only).</summary>
internal sealed class MailchimpConnector(
    RefitApi<IMailchimpApi> apis, MailchimpMemberReader reader, MailchimpMemberUpserter upserter, MailchimpMemberLookup lookup, MailchimpTagsUpserter tags) : IConnector
{
    public string System => MailchimpMemberMapping.System;

    public IReadOnlyList<EntityCapabilities> Entities { get; } =
        [new(CanonicalEntity.MarketingContact, reader, upserter, lookup), new(MailchimpTagsUpserter.Entity, Upserter: tags)];

    /// <summary><c>GET /ping</c>: healthy when the key is accepted; throttled is degraded; anything else unhealthy.</summary>
    public async Task<ConnectorHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await apis.Client.PingAsync(cancellationToken).ConfigureAwait(false);
            return new ConnectorHealth(ConnectorHealthStatus.Healthy);
        }
        catch (ConnectorException ex)
        {
            return ConnectorHealth.Failed(ex);
        }
    }
}
