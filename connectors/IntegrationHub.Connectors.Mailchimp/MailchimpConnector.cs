using IntegrationHub.Connectors.Mailchimp.Api;
using IntegrationHub.Connectors.Mailchimp.Members;

namespace IntegrationHub.Connectors.Mailchimp;

/// <summary>The Mailchimp connector (<c>mailchimp</c>): the audience's members as marketing contacts (read, upsert, get).</summary>
internal sealed class MailchimpConnector(
    MailchimpApiFactory apis, MailchimpMemberReader reader, MailchimpMemberUpserter upserter, MailchimpMemberLookup lookup) : IConnector
{
    public string System => MailchimpMemberMapping.System;

    public IReadOnlyList<EntityCapabilities> Entities { get; } = [new(CanonicalEntity.MarketingContact, reader, upserter, lookup)];

    /// <summary><c>GET /ping</c>: healthy when the key is accepted; throttled is degraded; anything else unhealthy.</summary>
    public async Task<ConnectorHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await apis.Create().PingAsync(cancellationToken).ConfigureAwait(false);
            return new ConnectorHealth(ConnectorHealthStatus.Healthy);
        }
        catch (ConnectorTransientException ex) when (ex.StatusCode == 429)
        {
            return new ConnectorHealth(ConnectorHealthStatus.Degraded, "throttled (429)");
        }
        catch (ConnectorException ex)
        {
            return new ConnectorHealth(ConnectorHealthStatus.Unhealthy, ex.StatusCode is 401 or 403 ? "API key rejected" : ex.Message);
        }
    }
}
