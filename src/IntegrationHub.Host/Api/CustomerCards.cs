using System.Text.Json;
using IntegrationHub.Connectors;
using IntegrationHub.Host.Api.Contracts;
using IntegrationHub.Host.Receivables;
using IntegrationHub.Storage;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Api;

/// <summary>
/// One customer's 360 card, as <c>GET /api/v1/customers/{hubId}</c> answers it and the console shows it: ids per system
/// with the last write to each, the canonical record, the value (RFM, tier, stage, lifetime value, payment behaviour)
/// and the receivables' aging. Null when the hub knows no such customer.
/// </summary>
internal sealed class CustomerCards(ICanonicalRecordStore records, ICrossReferenceStore crossReferences, ICustomerValueStore values,
    IReceivableStore receivables, IOptions<FinanceOptions> finance, TimeProvider time)
{
    public async Task<CustomerDetail?> ReadAsync(Guid hubId, CancellationToken cancellationToken)
    {
        var state = await records.GetAsync(hubId, cancellationToken);
        var links = await crossReferences.ListLinksAsync(hubId, cancellationToken);
        var value = await values.GetAsync(hubId, cancellationToken);
        if ((state is null && value is null && !links.Any(l => l.Record.Entity == CanonicalEntity.Customer)) || (state is not null && state.Entity != CanonicalEntity.Customer))
        {
            return null;
        }

        var writes = (await records.ListWritesAsync(hubId, cancellationToken)).ToDictionary(w => (w.TargetSystem, w.Entity), w => w);
        var today = ReceivableAging.Today(time, finance.Value.Zone);
        var aging = await ReceivableAgingReport.BuildAsync(receivables.StreamAsync(new ReceivableQuery(Customer: hubId, AgedOnly: true), cancellationToken), today, cancellationToken);
        return new CustomerDetail(
            hubId,
            state is null ? null : new CustomerCanonical(new CustomerSource(state.Source.System, state.Source.ExternalId, state.SourceVersion), state.Hash, state.SeenAt, state.Payload),
            links.Select(l => new CustomerSystemLink(l.Record.System, l.Record.Entity.Name, l.Record.ExternalId, l.LinkedAt,
                writes.GetValueOrDefault((l.Record.System, l.Record.Entity)) is { } w ? new CustomerLastWrite(w.Source.System, w.SourceVersion, w.Hash, w.WrittenAt) : null)),
            value is null ? null : JsonDocument.Parse(value.ValueJson).RootElement,
            value?.ComputedAt,
            new CustomerAgingView(today, aging.Customers.SelectMany(c => c.Currencies).Select(CustomerAgingLine.Of)));
    }
}
