using System.Globalization;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Fxiaoke.Api;
using IntegrationHub.Identity;
using IntegrationHub.Orders;
using F = IntegrationHub.Connectors.Fxiaoke.Orders.FxiaokeFields;

namespace IntegrationHub.Connectors.Fxiaoke.Orders;

/// <summary>
/// Upserts ERP orders into Fxiaoke as <c>SalesOrderObj</c> under their <c>AccountObj</c>. Fxiaoke has no upsert by external
/// key, so each record is looked up by its ERP number first (EQ filter) and then updated or created: a redelivery updates
/// the same CRM record instead of creating a second one, and an order whose stored ERP version is newer is left alone.
/// </summary>
public sealed class FxiaokeOrderSink(FxiaokeClient client)
{
    public async Task<OrderUpsertResult> UpsertAsync(SalesOrder order, CancellationToken cancellationToken = default)
    {
        var accountId = await UpsertAccountAsync(order, cancellationToken).ConfigureAwait(false);
        var existing = await FindAsync(F.SalesOrderObject, F.ErpOrderNo, order.OrderNumber, cancellationToken).ConfigureAwait(false);
        var fields = new JsonObject
        {
            ["dataObjectApiName"] = F.SalesOrderObject,
            [F.AccountId] = accountId,
            [F.ErpOrderNo] = order.OrderNumber,
            [F.ErpCustomerNo] = order.CustomerNumber,
            [F.ErpVersion] = order.SourceVersion,
            [F.OrderTime] = new DateTimeOffset(order.OrderDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds(),
            [F.OrderAmount] = order.TotalAmount,
            [F.Currency] = order.Currency,
            [F.OrderStatus] = "1",
        };
        var details = new JsonObject
        {
            [F.SalesOrderLineObject] = new JsonArray(order.Lines.Select(l => (JsonNode)new JsonObject
            {
                ["product_code__c"] = l.Sku,
                ["quantity"] = l.Quantity,
                ["sales_price"] = l.UnitPrice,
                ["tax_rate__c"] = l.TaxRate,
                ["subtotal"] = l.GrossAmount,
            }).ToArray()),
        };

        if (existing is null)
        {
            var created = await client.CreateAsync(new FxWriteRequest(new FxWriteData(fields, details)), cancellationToken).ConfigureAwait(false);
            return new OrderUpsertResult(created.DataId ?? throw new FxiaokeException("create", 0, "no dataId in answer", created.TraceId), Created: true, Skipped: false);
        }

        var id = existing[F.Id]!.GetValue<string>();
        if (VersionOf(existing) > order.SourceVersion)
        {
            return new OrderUpsertResult(id, Created: false, Skipped: true);
        }

        fields[F.Id] = id;
        await client.UpdateAsync(new FxWriteRequest(new FxWriteData(fields, details)), cancellationToken).ConfigureAwait(false);
        return new OrderUpsertResult(id, Created: false, Skipped: false);
    }

    private async Task<string> UpsertAccountAsync(SalesOrder order, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(F.AccountObject, F.ErpCustomerNo, order.CustomerNumber, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing[F.Id]!.GetValue<string>();
        }

        var fields = new JsonObject
        {
            ["dataObjectApiName"] = F.AccountObject,
            [F.Name] = order.CustomerName ?? order.CustomerNumber,
            [F.ErpCustomerNo] = order.CustomerNumber,
            [F.HubId] = HubIds.ErpCustomer(order.CustomerNumber).ToString(),
        };
        var created = await client.CreateAsync(new FxWriteRequest(new FxWriteData(fields)), cancellationToken).ConfigureAwait(false);
        return created.DataId ?? throw new FxiaokeException("create", 0, "no dataId in answer", created.TraceId);
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
