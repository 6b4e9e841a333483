using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Kingdee;

/// <summary>
/// The ERP: Kingdee K3Cloud. Customers (<c>BD_Customer</c>) and sales orders (<c>SAL_SaleOrder</c>) can be read as changes,
/// upserted by number and looked up by number; the external id of a record is its K3Cloud number.
/// </summary>
public sealed class KingdeeConnector : IConnector
{
    private readonly KingdeeClient _client;
    private readonly IConnectorCircuits _circuits;

    public KingdeeConnector(KingdeeClient client, IOptions<KingdeeOptions> options, IConnectorCircuits circuits)
    {
        _client = client;
        _circuits = circuits;
        var o = options.Value;
        var currencies = new KingdeeCurrencies(o.Currencies);
        Entities = new IKingdeeMapping[] { new KingdeeCustomerMapping(o, currencies), new KingdeeOrderMapping(o, currencies) }
            .Select(form => new EntityCapabilities(form.Entity, new KingdeeRecordReader(client, form, o), new KingdeeRecordUpserter(client, form, o), new KingdeeRecordLookup(client, form))
            {
                StatusChanger = form.Entity == CanonicalEntity.Order ? new KingdeeStatusChanger(client, form) : null, // customers have no document workflow the hub drives
            })
            .ToArray();
    }

    public string System => KingdeeServiceCollectionExtensions.HttpClientName;

    public IReadOnlyList<EntityCapabilities> Entities { get; }

    /// <summary>Open circuit: unhealthy without a call. Otherwise one minimal query (which logs in if needed).</summary>
    public async Task<ConnectorHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        if (_circuits.Get(System) is { State: not ConnectorCircuitState.Closed } circuit)
        {
            return circuit.ToHealth();
        }

        try
        {
            await _client.ExecuteBillQueryAsync(new KdQuery(KingdeeCustomerMapping.Id, "FCUSTID", "", "", 0, 1), cancellationToken).ConfigureAwait(false);
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
