using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Identity;
using static IntegrationHub.Connectors.Salesforce.Records.SalesforceJson;


namespace IntegrationHub.Connectors.Salesforce.Orders;

/// <summary>
/// Order <-> canonical order: <c>orderNumber</c> (OrderReferenceNumber, else Salesforce's OrderNumber), <c>crmOrderNumber</c>,
/// <c>customerId</c> (AccountId), <c>orderDate</c> (EffectiveDate, <c>yyyy-MM-dd</c>), <c>status</c> (from the StatusCode
/// category), <c>totalAmount</c> (decimal) with <c>currency</c>, <c>notes</c>, <c>lastModified</c>. Writes link the order to
/// its account by the account's hub id (<c>Account: {Hub_Id__c: ...}</c>), so the account need not be looked up first.
/// <c>TotalAmount</c> is computed by Salesforce from order products and is never written.
/// </summary>
internal sealed class SalesforceOrderMapping : ISalesforceMapping
{
    public CanonicalEntity Entity => CanonicalEntity.Order;

    public string SObject => "Order";

    public IReadOnlyList<string> Fields(SalesforceOptions options) =>
    [
        "Id", "OrderNumber", "AccountId", "EffectiveDate", "Status", "StatusCode", "TotalAmount", "OrderReferenceNumber", "Description",
        "SystemModstamp", options.ExternalIdField, .. options.MultiCurrency ? new[] { "CurrencyIsoCode" } : [],
    ];

    public CanonicalRecord ToCanonical(JsonElement record, SalesforceOptions options)
    {
        var (id, modified) = IdAndModstamp(record, SObject);
        var payload = new JsonObject
        {
            ["orderNumber"] = Text(record, "OrderReferenceNumber") ?? Text(record, "OrderNumber"),
            ["crmOrderNumber"] = Text(record, "OrderNumber"),
            ["customerId"] = Text(record, "AccountId"),
            ["orderDate"] = SalesforceDates.ParseDate(Text(record, "EffectiveDate")) is { } date ? SalesforceDates.FormatDate(date) : null,
            ["status"] = SalesforceOrderStatus.ToCanonical(Text(record, "StatusCode") ?? Text(record, "Status")) ?? Text(record, "Status"),
            ["totalAmount"] = Decimal(record, "TotalAmount"),
            ["currency"] = options.MultiCurrency ? Text(record, "CurrencyIsoCode") : options.CorporateCurrency,
            ["notes"] = Text(record, "Description"),
            ["hubId"] = Text(record, options.ExternalIdField),
            ["lastModified"] = SalesforceDates.Iso(modified),
        };
        return new CanonicalRecord(SalesforceJson.System, Entity, id, modified.ToUnixTimeMilliseconds(), JsonSerializer.SerializeToElement(payload));
    }

    public JsonObject ToWrite(CanonicalRecord record, SalesforceOptions options)
    {
        var p = record.Payload;
        var customer = Text(p, "customerNumber") ?? throw Refused(record, "REQUIRED_FIELD_MISSING", "an order needs its 'customerNumber' (the account it belongs to)");
        var date = SalesforceDates.ParseDate(Text(p, "orderDate"))
            ?? throw Refused(record, "REQUIRED_FIELD_MISSING", "an order needs 'orderDate' as yyyy-MM-dd (Order.EffectiveDate)");
        var canonicalStatus = Text(p, "status");
        var status = SalesforceOrderStatus.ToVendor(canonicalStatus)
            ?? throw Refused(record, "INVALID_STATUS", $"status '{canonicalStatus}' has no Salesforce Order status (draft, confirmed)");
        var fields = new JsonObject
        {
            ["Account"] = new JsonObject { [options.ExternalIdField] = HubIds.For(record.System, CanonicalEntity.Customer.Name, customer).ToString() },
            ["EffectiveDate"] = SalesforceDates.FormatDate(date),
            ["Status"] = status,
        };
        Put(fields, "OrderReferenceNumber", Text(p, "orderNumber"));
        Put(fields, "Description", Text(p, "notes"));
        SalesforceCurrency.Write(fields, record, Text(p, "currency"), options);
        return fields;
    }
}
