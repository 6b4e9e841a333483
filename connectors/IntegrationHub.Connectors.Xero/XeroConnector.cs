using IntegrationHub.Connectors.Xero.Contacts;
using IntegrationHub.Connectors.Xero.Payments;
using IntegrationHub.Connectors.Xero.Receivables;
using IntegrationHub.Connectors.Xero.Records;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Xero;

/// <summary>
/// Finance: Xero. Receivables are invoices of Type ACCREC (external id: InvoiceID), customers are contacts (external id:
/// ContactID, written under their ContactNumber), payments are payments on receivables (external id: PaymentID; read only). One reader, upserter and lookup (<c>Records/</c>) serve both through
/// their <see cref="IXeroDocument"/>.
/// </summary>
public sealed class XeroConnector(XeroClient client, IOptions<XeroOptions> options, IConnectorCircuits circuits) : IConnector
{
    public string System => XeroServiceCollectionExtensions.HttpClientName;

    public IReadOnlyList<EntityCapabilities> Entities { get; } =
        [
            Capabilities(client, new XeroReceivableDocument(options.Value.LineAmountTypes)),
            Capabilities(client, new XeroContactDocument()),
            new EntityCapabilities(CanonicalEntity.Payment, new XeroChangeReader(client, new XeroPaymentDocument())),
        ];

    /// <summary>Open circuit: unhealthy without a call. Otherwise <c>GET Organisation</c> (which fetches a token if needed).</summary>
    public async Task<ConnectorHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        if (circuits.Get(System) is { State: not ConnectorCircuitState.Closed } circuit)
        {
            return circuit.ToHealth();
        }

        try
        {
            await client.CheckOrganisationAsync(cancellationToken).ConfigureAwait(false);
            return new ConnectorHealth(ConnectorHealthStatus.Healthy);
        }
        catch (ConnectorTransientException ex) when (ex.StatusCode == 429)
        {
            return ConnectorHealth.Failed(ex);
        }
        catch (ConnectorException ex)
        {
            return ConnectorHealth.Failed(ex);
        }
    }

    private static EntityCapabilities Capabilities(XeroClient client, IXeroDocument document) =>
        new(document.Entity, new XeroChangeReader(client, document), new XeroRecordUpserter(client, document), new XeroRecordLookup(client, document));
}
