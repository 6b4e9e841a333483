using IntegrationHub.Connectors.Xero.Receivables;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Xero;

/// <summary>Finance: Xero. Receivables are invoices of Type ACCREC; the external id is the InvoiceID.</summary>
public sealed class XeroConnector(XeroClient client, IOptions<XeroOptions> options, IConnectorCircuits circuits) : IConnector
{
    public string System => XeroServiceCollectionExtensions.HttpClientName;

    public IReadOnlyList<EntityCapabilities> Entities { get; } =
        [new EntityCapabilities(CanonicalEntity.Receivable, new XeroReceivableReader(client), new XeroReceivableUpserter(client, options), new XeroReceivableLookup(client))];

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
}
