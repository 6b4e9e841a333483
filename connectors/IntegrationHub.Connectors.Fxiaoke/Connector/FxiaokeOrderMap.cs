using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Fxiaoke.Connector;

/// <summary>
/// <c>SalesOrderObj</c> → order when reading. Payload: <c>orderNumber</c> (<c>erp_order_no__c</c>, else the CRM's
/// <c>name</c>), <c>customerNumber</c>, <c>accountId</c>, <c>orderDate</c> (yyyy-MM-dd from <c>order_time</c>),
/// <c>totalAmount</c> (decimal), <c>currency</c>, <c>status</c> (<c>order_status</c>), <c>lifeStatus</c>. Orders are written
/// by <see cref="FxiaokeOrderUpserter"/> (the canonical <c>SalesOrder</c> through the order sink), not through this map.
/// </summary>
internal sealed class FxiaokeOrderMap : FxiaokeObjectMap
{
    public override string ObjectApiName => Orders.FxiaokeFields.SalesOrderObject;

    public override CanonicalEntity Entity => CanonicalEntity.Order;

    public override string KeyField => Orders.FxiaokeFields.ErpOrderNo;

    public override string VersionField => Orders.FxiaokeFields.ErpVersion;

    public override JsonObject ToPayload(JsonObject record) => new()
    {
        ["orderNumber"] = Text(record, KeyField) ?? Text(record, "name"),
        ["customerNumber"] = Text(record, Orders.FxiaokeFields.ErpCustomerNo),
        ["accountId"] = Text(record, Orders.FxiaokeFields.AccountId),
        ["orderDate"] = IsoDate(record, Orders.FxiaokeFields.OrderTime),
        ["totalAmount"] = Money(record, Orders.FxiaokeFields.OrderAmount),
        ["currency"] = Text(record, Orders.FxiaokeFields.Currency),
        ["status"] = Text(record, Orders.FxiaokeFields.OrderStatus),
        ["lifeStatus"] = Text(record, "life_status"),
    };

    public override Task<JsonObject> ToFieldsAsync(CanonicalRecord record, FxiaokeQueries queries, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Orders are written by FxiaokeOrderUpserter.");
}
