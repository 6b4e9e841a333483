namespace IntegrationHub.Connectors.Xero.Receivables;

/// <summary>Gets one receivable by InvoiceID (the external id) or InvoiceNumber; an invoice that is not ACCREC is not a receivable.</summary>
internal sealed class XeroReceivableLookup(XeroClient client) : IRecordLookup
{
    public async Task<CanonicalRecord?> GetAsync(string externalId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalId);
        if (await client.GetInvoiceAsync(externalId, cancellationToken).ConfigureAwait(false) is not { } invoice
            || XeroReceivableMapping.Text(invoice, "Type") != "ACCREC")
        {
            return null;
        }

        try
        {
            return XeroReceivableMapping.ToRecord(invoice);
        }
        catch (FormatException ex)
        {
            throw XeroClient.Unusable("GET Invoices/{id}", $"an invoice the connector cannot read ({ex.Message})", ex);
        }
    }
}
