using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Orders;
using F = IntegrationHub.Connectors.Fxiaoke.FxiaokeFields;

namespace IntegrationHub.Connectors.Fxiaoke.Orders;

/// <summary>
/// Upserts canonical orders (payload = the hub's <see cref="SalesOrder"/> JSON; external id = the ERP order number, source
/// version = the ERP revision) into Fxiaoke as <c>SalesOrderObj</c> under their <c>AccountObj</c>. Fxiaoke has no upsert
/// by external key, so each record is looked up by its ERP number first (EQ filter) and then updated or created: a
/// redelivery updates the same CRM record instead of creating a second one, and an order whose stored ERP version is
/// newer is left alone (Skipped). The same query-then-create makes a create whose answer was lost safe to run again
/// (see <see cref="FxiaokeClient"/>). A payload with <c>accountId</c> (the CRM account the hub resolved, e.g. a customer
/// born in the CRM whose account has no ERP number yet) goes under that account as it is (and, should the CRM no longer have
/// that account, under the one found or created by number); otherwise the account is found or created by
/// <c>customerNumber</c>. The payload's canonical <c>status</c> sets <c>order_status</c> (<see cref="FxiaokeOrderStatus"/>).
/// </summary>
public sealed class FxiaokeOrderUpserter(FxiaokeClient client, FxiaokeAccountCache accounts) : IBatchUpserter
{
    /// <summary>Fxiaoke's errorCode for a reference to a record that does not exist (e.g. <c>field account_id: no AccountObj with _id ...</c>).</summary>
    private const string ReferenceNotFound = "10002";

    public Task<IReadOnlyList<RecordUpsertResult>> UpsertAsync(IReadOnlyList<CanonicalRecord> records, CancellationToken cancellationToken = default) =>
        FxiaokeRecordFailures.EachAsync(records, record => UpsertOneAsync(record, cancellationToken));

    private async Task<RecordUpsertResult> UpsertOneAsync(CanonicalRecord record, CancellationToken cancellationToken)
    {
        var order = Read(record);
        var accountId = new FxiaokePayload(record).Text("accountId");
        var orderStatus = FxiaokeOrderStatus.FromCanonical(new FxiaokePayload(record).Text("status"));
        var result = await UpsertOrderAsync(order, accountId, orderStatus, cancellationToken).ConfigureAwait(false);
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
            order = record.Payload.Deserialize<SalesOrder>(CanonicalJson.Options);
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

    /// <summary>Upserts one canonical order: its account found or created by customer number, then the order by ERP order number.</summary>
    public Task<OrderUpsertResult> UpsertOrderAsync(SalesOrder order, CancellationToken cancellationToken = default) =>
        UpsertOrderAsync(order, accountId: null, FxiaokeOrderStatus.ToConfirm, cancellationToken);

    private async Task<OrderUpsertResult> UpsertOrderAsync(SalesOrder order, string? accountId, string status, CancellationToken cancellationToken)
    {
        if (accountId is not null)
        {
            try
            {
                return await UpsertUnderAccountAsync(order, accountId, status, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectorPermanentException ex) when (ex.VendorCode == ReferenceNotFound && ex.Message.Contains($"field {F.AccountId}:", StringComparison.Ordinal))
            {
                // The account the hub had linked is gone from the CRM (deleted or merged there): find or create it by number.
                accountId = null;
            }
        }

        accountId ??= await UpsertAccountAsync(order, cancellationToken).ConfigureAwait(false);
        try
        {
            return await UpsertUnderAccountAsync(order, accountId, status, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            accounts.Forget(order.CustomerNumber); // the cached account may be gone; look it up again on the retry
            throw;
        }
    }

    private async Task<OrderUpsertResult> UpsertUnderAccountAsync(SalesOrder order, string accountId, string status, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(F.SalesOrderObject, F.ErpOrderNo, order.OrderNumber, cancellationToken).ConfigureAwait(false);
        var fields = FxiaokeOrderMapping.OrderFields(order, accountId, status);
        var details = FxiaokeOrderMapping.OrderDetails(order);
        if (existing is null)
        {
            var created = await client.CreateAsync(new FxWriteRequest(new FxWriteData(fields, details)), cancellationToken).ConfigureAwait(false);
            return new OrderUpsertResult(created.DataId ?? throw FxiaokeErrors.Unusable("create", "no dataId", created.TraceId ?? "-"), Created: true, Skipped: false);
        }

        var id = existing[F.Id]!.GetValue<string>();
        if (VersionOf(existing) > order.SourceVersion)
        {
            return new OrderUpsertResult(id, Created: false, Skipped: true);
        }

        fields[F.Id] = id;
        fields[F.OrderStatus] = FxiaokeOrderStatus.Keep(existing[F.OrderStatus]?.ToString(), status);
        await client.UpdateAsync(new FxWriteRequest(new FxWriteData(fields, details)), cancellationToken).ConfigureAwait(false);
        return new OrderUpsertResult(id, Created: false, Skipped: false);
    }

    private async Task<string> UpsertAccountAsync(SalesOrder order, CancellationToken cancellationToken)
    {
        if (accounts.Get(order.CustomerNumber) is { } cached)
        {
            return cached;
        }

        var existing = await FindAsync(F.AccountObject, F.ErpCustomerNo, order.CustomerNumber, cancellationToken).ConfigureAwait(false);
        string id;
        if (existing is not null)
        {
            id = existing[F.Id]!.GetValue<string>();
        }
        else
        {
            var created = await client.CreateAsync(new FxWriteRequest(new FxWriteData(FxiaokeOrderMapping.AccountFields(order))), cancellationToken).ConfigureAwait(false);
            id = created.DataId ?? throw FxiaokeErrors.Unusable("create", "no dataId", created.TraceId ?? "-");
        }

        accounts.Set(order.CustomerNumber, id);
        return id;
    }

    private async Task<JsonObject?> FindAsync(string objectApiName, string field, string value, CancellationToken cancellationToken)
    {
        var query = new FxQueryRequest(new FxQueryData(objectApiName, new FxSearchQueryInfo(
            Limit: 2, Offset: 0, Filters: [new FxFilter(field, [value], "EQ")], Orders: [new FxOrder("create_time", IsAsc: true)])));
        var response = await client.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        // Two matches would mean someone created a duplicate by hand; the oldest one is the hub's.
        return response.Data?.DataList.FirstOrDefault();
    }

    private static long VersionOf(JsonObject record) => record[F.ErpVersion] switch
    {
        JsonValue v when v.TryGetValue<long>(out var n) => n,
        JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => 0,
    };
}

/// <summary>The CRM id of the upserted order; <see cref="Skipped"/> when the CRM already holds a newer version.</summary>
public sealed record OrderUpsertResult(string CrmId, bool Created, bool Skipped);
