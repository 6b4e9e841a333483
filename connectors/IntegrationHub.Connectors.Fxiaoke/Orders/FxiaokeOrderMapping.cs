using System.Text.Json.Nodes;
using IntegrationHub.Identity;
using IntegrationHub.Orders;
using F = IntegrationHub.Connectors.Fxiaoke.FxiaokeFields;

namespace IntegrationHub.Connectors.Fxiaoke.Orders;

/// <summary>
/// Orders both ways. Reading: <c>SalesOrderObj</c> -> order payload: <c>orderNumber</c> (<c>erp_order_no__c</c>, else the
/// CRM's <c>name</c>), <c>customerNumber</c>, <c>accountId</c>, <c>orderDate</c> (yyyy-MM-dd from <c>order_time</c>),
/// <c>totalAmount</c> (decimal), <c>currency</c>, <c>status</c> (<c>order_status</c>), <c>lifeStatus</c>. Writing (used by
/// <see cref="FxiaokeOrderUpserter"/>): canonical order -> Fxiaoke fields, money as JSON decimals (never binary floating
/// point), dates as epoch milliseconds (UTC midnight).
/// </summary>
internal sealed class FxiaokeOrderMapping : FxiaokeObjectMapping
{
    public override string ObjectApiName => F.SalesOrderObject;

    public override CanonicalEntity Entity => CanonicalEntity.Order;

    public override string KeyField => F.ErpOrderNo;

    public override string VersionField => F.ErpVersion;

    public override JsonObject ToPayload(JsonObject record) => new()
    {
        ["orderNumber"] = Text(record, KeyField) ?? Text(record, "name"),
        ["customerNumber"] = Text(record, F.ErpCustomerNo),
        ["accountId"] = Text(record, F.AccountId),
        ["orderDate"] = IsoDate(record, F.OrderTime),
        ["totalAmount"] = Money(record, F.OrderAmount),
        ["currency"] = Text(record, F.Currency),
        ["status"] = Text(record, F.OrderStatus),
        ["lifeStatus"] = Text(record, "life_status"),
    };

    public override Task<JsonObject> ToFieldsAsync(CanonicalRecord record, FxiaokeQueries queries, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Orders are written by FxiaokeOrderUpserter (account first, then the order with its lines).");

    public static JsonObject OrderFields(SalesOrder order, string accountId, string status) => new()
    {
        ["dataObjectApiName"] = F.SalesOrderObject,
        [F.AccountId] = accountId,
        [F.ErpOrderNo] = order.OrderNumber,
        [F.ErpCustomerNo] = order.CustomerNumber,
        [F.ErpVersion] = order.SourceVersion,
        [F.OrderTime] = EpochMilliseconds(order.OrderDate),
        [F.OrderAmount] = order.TotalAmount,
        [F.Currency] = order.Currency,
        [F.OrderStatus] = status,
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
