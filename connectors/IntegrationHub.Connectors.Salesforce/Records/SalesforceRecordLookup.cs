using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Salesforce.Records;

/// <summary>
/// Reads one record by its Salesforce id (15 or 18 characters) or, for any other value, by the hub-id external id field:
/// <c>GET /sobjects/X/{id}</c> or <c>GET /sobjects/X/Hub_Id__c/{value}</c>; 404 -> <see langword="null"/>.
/// </summary>
internal sealed class SalesforceRecordLookup(SalesforceClient client, ISalesforceMapping mapping, IOptions<SalesforceOptions> options) : IRecordLookup
{
    public async Task<CanonicalRecord?> GetAsync(string externalId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalId);
        var o = options.Value;
        var record = await client.GetRecordAsync(mapping.SObject, externalId, SalesforceIds.IsId(externalId) ? null : o.ExternalIdField, cancellationToken)
            .ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        try
        {
            return mapping.ToCanonical(record.Value, o);
        }
        catch (FormatException ex)
        {
            throw new ConnectorPermanentException(SalesforceJson.System, $"salesforce: {mapping.SObject} {externalId} could not be read: {ex.Message}", ex);
        }
    }
}
