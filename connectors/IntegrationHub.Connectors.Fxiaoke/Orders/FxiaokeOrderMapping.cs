using System.Text.Json.Nodes;
using IntegrationHub.Identity;
using IntegrationHub.Orders;
using F = IntegrationHub.Connectors.Fxiaoke.Orders.FxiaokeFields;

namespace IntegrationHub.Connectors.Fxiaoke.Orders;

/// <summary>Canonical order -> Fxiaoke fields: money as JSON decimals (never binary floating point), dates as epoch milliseconds (UTC midnight).</summary>
internal static class FxiaokeOrderMapping
{
    public static JsonObject OrderFields(SalesOrder order, string accountId) => new()
    {
        ["dataObjectApiName"] = F.SalesOrderObject,
        [F.AccountId] = accountId,
        [F.ErpOrderNo] = order.OrderNumber,
        [F.ErpCustomerNo] = order.CustomerNumber,
        [F.ErpVersion] = order.SourceVersion,
        [F.OrderTime] = EpochMilliseconds(order.OrderDate),
        [F.OrderAmount] = order.TotalAmount,
        [F.Currency] = order.Currency,
        [F.OrderStatus] = "1",
    };

    public static JsonObject OrderDetails(SalesOrder order) => new()
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

    public static JsonObject AccountFields(SalesOrder order) => new()
    {
        ["dataObjectApiName"] = F.AccountObject,
        [F.Name] = order.CustomerName ?? order.CustomerNumber,
        [F.ErpCustomerNo] = order.CustomerNumber,
        [F.HubId] = HubIds.ErpCustomer(order.CustomerNumber).ToString(),
    };

    /// <summary>Fxiaoke date fields are epoch milliseconds; an ERP order date is that day's midnight UTC.</summary>
    public static long EpochMilliseconds(DateOnly date) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
}
