using IntegrationHub.Connectors.Http.VendorApis;
using System.Text.Json;
using IntegrationHub.Connectors.Mailchimp.Api;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Mailchimp.Members;

/// <summary>Reads one member by subscriber hash or by email address (hashed): <c>GET /lists/{id}/members/{hash}</c>; 404 -> null.</summary>
internal sealed class MailchimpMemberLookup(RefitApi<IMailchimpApi> apis, IOptions<MailchimpOptions> options) : IRecordLookup
{
    public async Task<CanonicalRecord?> GetAsync(string externalId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalId);
        var hash = SubscriberHash.IsHash(externalId) ? externalId.ToLowerInvariant() : SubscriberHash.Of(externalId);
        var member = await FindAsync(apis.Client, options.Value.ListId, hash, cancellationToken).ConfigureAwait(false);
        if (member is null)
        {
            return null;
        }

        try
        {
            return MailchimpMemberMapping.ToCanonical(member.Value);
        }
        catch (FormatException ex)
        {
            throw new ConnectorPermanentException(MailchimpMemberMapping.System, $"mailchimp: member {hash} could not be read: {ex.Message}", ex);
        }
    }

    internal static async Task<JsonElement?> FindAsync(IMailchimpApi api, string listId, string hash, CancellationToken cancellationToken)
    {
        try
        {
            return await api.GetMemberAsync(listId, hash, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorPermanentException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }
}
