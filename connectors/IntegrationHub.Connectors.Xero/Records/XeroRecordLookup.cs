namespace IntegrationHub.Connectors.Xero.Records;

/// <summary>Gets one item of a <see cref="IXeroDocument"/> by its Xero id (the external id) or its number; an item of another kind is not found.</summary>
internal sealed class XeroRecordLookup(XeroClient client, IXeroDocument document) : IRecordLookup
{
    public async Task<CanonicalRecord?> GetAsync(string externalId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalId);
        if (await client.GetOneAsync(document.Collection, externalId, cancellationToken).ConfigureAwait(false) is not { } item || !document.Accepts(item))
        {
            return null;
        }

        try
        {
            return document.ToRecord(item);
        }
        catch (FormatException ex)
        {
            throw XeroClient.Unusable($"GET {document.Collection}/{{id}}", $"an item the connector cannot read ({ex.Message})", ex);
        }
    }
}
