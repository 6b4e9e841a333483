using System.Text.Json;
using IntegrationHub.Connectors.Fxiaoke.Orders;
using IntegrationHub.Orders;

namespace IntegrationHub.Connectors.Fxiaoke.Connector;

/// <summary>
/// Upserts canonical orders (payload = the hub's <see cref="SalesOrder"/> JSON) through <see cref="FxiaokeOrderSink"/>, the
/// same path the order workflow uses: the account is found or created by customer number, the order by ERP order number.
/// The record's external id is the order number and its source version the order's version.
/// </summary>
internal sealed class FxiaokeOrderUpserter(FxiaokeOrderSink sink) : IBatchUpserter
{
    private static readonly JsonSerializerOptions Json = IntegrationHub.Orders.CanonicalJson.Options;

    public async Task<IReadOnlyList<RecordUpsertResult>> UpsertAsync(IReadOnlyList<CanonicalRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var results = new List<RecordUpsertResult>(records.Count);
        foreach (var record in records)
        {
            results.Add(await FxiaokeRecordFailures.RunAsync(record, () => UpsertOneAsync(record, cancellationToken)).ConfigureAwait(false));
        }

        return results;
    }

    private async Task<RecordUpsertResult> UpsertOneAsync(CanonicalRecord record, CancellationToken cancellationToken)
    {
        var order = Read(record);
        var result = await sink.UpsertAsync(order, cancellationToken).ConfigureAwait(false);
        var status = result.Skipped ? RecordUpsertStatus.Skipped : result.Created ? RecordUpsertStatus.Created : RecordUpsertStatus.Updated;
        return RecordUpsertResult.Ok(record.Identity, result.CrmId, status);
    }

    private static SalesOrder Read(CanonicalRecord record)
    {
        var payload = new FxiaokePayload(record);
        if (record.Entity != CanonicalEntity.Order)
        {
            throw payload.Invalid($"a {record.Entity} record sent to the fxiaoke order upserter");
        }

        SalesOrder? order;
        try
        {
            order = record.Payload.Deserialize<SalesOrder>(Json);
        }
        catch (JsonException ex)
        {
            throw payload.Invalid($"the payload is not a canonical sales order ({ex.Path ?? "$"}: {ex.Message.Split('.')[0]})");
        }

        if (order is null || order.Lines is null || string.IsNullOrWhiteSpace(order.CustomerNumber) || string.IsNullOrWhiteSpace(order.Currency))
        {
            throw payload.Invalid("the payload is not a canonical sales order (customerNumber, currency and lines are required)");
        }

        return order with { OrderNumber = record.ExternalId, SourceVersion = record.SourceVersion };
    }
}
