using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Fxiaoke;

/// <summary>
/// Fxiaoke (ShareCRM) as an <see cref="IConnector"/>: <c>AccountObj</c> ↔ customer, <c>SalesOrderObj</c> ↔ order,
/// <c>PaymentObj</c> ↔ payment, and a customer's credit standing (<c>customer-credit</c>, write only) onto its <c>AccountObj</c>. The object API is the same for every object, so one reader, upserter and lookup
/// (<c>Records/</c>) serve each entity through its mapping (<c>Accounts/</c>, <c>Orders/</c>, <c>Payments/</c>); orders
/// have their own upserter (account first, then the order with its lines). All calls go through <see cref="FxiaokeClient"/> (token flow, shared HTTP pipeline).
/// </summary>
public sealed class FxiaokeConnector : IConnector
{
    public const string SystemName = FxiaokeServiceCollectionExtensions.HttpClientName;

    private readonly FxiaokeQueries _queries;
    private readonly IConnectorCircuits _circuits;

    public FxiaokeConnector(FxiaokeClient client, FxiaokeOrderUpserter orders, IConnectorCircuits circuits, IOptions<FxiaokeOptions> options)
    {
        _queries = new FxiaokeQueries(client);
        _circuits = circuits;
        var pageSize = options.Value.PageSize;
        var account = new FxiaokeAccountMapping();
        var order = new FxiaokeOrderMapping();
        var payment = new FxiaokePaymentMapping(FxiaokePaymentCurrency.From(options.Value));
        Entities =
        [
            new EntityCapabilities(account.Entity, new FxiaokeRecordReader(_queries, account, pageSize), new FxiaokeRecordUpserter(client, _queries, account), new FxiaokeRecordLookup(_queries, account)),
            new EntityCapabilities(order.Entity, new FxiaokeRecordReader(_queries, order, pageSize), orders, new FxiaokeRecordLookup(_queries, order)),
            new EntityCapabilities(payment.Entity, new FxiaokeRecordReader(_queries, payment, pageSize), new FxiaokeRecordUpserter(client, _queries, payment), new FxiaokeRecordLookup(_queries, payment)),
            new EntityCapabilities(FxiaokeAccountCreditUpserter.Entity, Upserter: new FxiaokeAccountCreditUpserter(client)),
            new EntityCapabilities(FxiaokeAccountValueUpserter.Entity, Upserter: new FxiaokeAccountValueUpserter(client)),
        ];
    }

    public string System => SystemName;

    public IReadOnlyList<EntityCapabilities> Entities { get; }

    /// <summary>
    /// One small query (token included) through the pipeline: healthy when it answers, degraded when throttled or the
    /// circuit is half-open, unhealthy when it fails (an open circuit fails it at once, and after the break this call is the
    /// trial that closes it). Never throws for the system.
    /// </summary>
    public async Task<ConnectorHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _queries.PageAsync("AccountObj", [], [], 1, cancellationToken).ConfigureAwait(false);
            return _circuits.Get(SystemName) is { State: ConnectorCircuitState.HalfOpen } halfOpen
                ? halfOpen.ToHealth()
                : new ConnectorHealth(ConnectorHealthStatus.Healthy);
        }
        catch (ConnectorTransientException ex) when (ex.StatusCode == 429)
        {
            return ConnectorHealth.Failed(ex);
        }
        catch (ConnectorException ex)
        {
            return _circuits.Get(SystemName) is { State: ConnectorCircuitState.Open or ConnectorCircuitState.Isolated } circuit
                ? circuit.ToHealth()
                : ConnectorHealth.Failed(ex);
        }
    }
}
