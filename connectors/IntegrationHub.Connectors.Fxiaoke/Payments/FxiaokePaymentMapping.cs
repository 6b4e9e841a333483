using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Fxiaoke.Payments;

/// <summary>
/// <c>PaymentObj</c> (payment received) ↔ payment. Payload: <c>number</c> (<c>name</c>), <c>accountId</c>, <c>orderId</c>,
/// <c>amount</c> (<c>payment_amount</c>, decimal), <c>currency</c> and <c>currencySource</c> (see <see cref="FxiaokePaymentCurrency"/>), <c>paidAt</c> (ISO 8601 UTC from <c>payment_time</c>),
/// <c>method</c> (<c>payment_term</c>), <c>externalNumber</c>, <c>status</c> (<c>authorised</c>, or <c>deleted</c> for a payment
/// voided: <c>life_status</c> invalid, the record stays as Fxiaoke keeps voided data). Upserts need <c>amount</c> and the account: <c>accountId</c>
/// (the CRM account id, e.g. from the hub's cross-reference) or <c>customerNumber</c> (an account with that
/// <c>erp_customer_no__c</c> must exist; otherwise the record fails, retryable); <c>orderNumber</c>, when given, must name
/// an order the CRM holds.
/// </summary>
internal sealed class FxiaokePaymentMapping(FxiaokePaymentCurrency currency) : FxiaokeObjectMapping
{
    public const string AccountNotFound = "account-not-found";
    public const string OrderNotFound = "order-not-found";

    public override string ObjectApiName => "PaymentObj";

    public override CanonicalEntity Entity => CanonicalEntity.Payment;

    public override string KeyField => "external_payment_no__c";

    public override string VersionField => "external_version__c";

    public override JsonObject ToPayload(JsonObject record)
    {
        var (code, source) = currency.Read(record);
        return new()
        {
            ["number"] = Text(record, "name"),
            ["accountId"] = Text(record, "account_id"),
            ["orderId"] = Text(record, "order_id"),
            ["amount"] = Money(record, "payment_amount"),
            ["currency"] = code,
            ["currencySource"] = source,
            ["paidAt"] = IsoTime(record, "payment_time"),
            ["method"] = Text(record, "payment_term"),
            ["externalNumber"] = Text(record, KeyField),
            ["status"] = Text(record, "life_status") == "invalid" ? "deleted" : "authorised",
        };
    }

    public override async Task<JsonObject> ToFieldsAsync(CanonicalRecord record, FxiaokeQueries queries, CancellationToken cancellationToken)
    {
        var payload = new FxiaokePayload(record);
        var accountId = payload.Text("accountId");
        var customer = payload.Text("customerNumber", required: accountId is null);
        var amount = payload.Money("amount", required: true)!.Value;
        var orderNumber = payload.Text("orderNumber");
        var fields = new JsonObject
        {
            ["name"] = payload.Text("number") ?? record.ExternalId,
            ["payment_amount"] = amount,
            ["payment_time"] = payload.EpochMilliseconds("paidAt"),
            ["payment_term"] = payload.Text("method"),
            ["life_status"] = payload.Text("status") switch
            {
                null or "authorised" => "normal",
                "deleted" => "invalid",
                var other => throw new ConnectorRecordException(FxiaokeServiceCollectionExtensions.HttpClientName,
                    new RecordError(record.Identity, "invalid-payload", $"status '{other}' must be authorised or deleted", Retryable: false)),
            },
        };
        currency.Write(record, payload.Text("currency"), fields);
        if (accountId is null)
        {
            var account = await queries.FindAsync("AccountObj", "erp_customer_no__c", customer!, cancellationToken).ConfigureAwait(false)
                ?? throw Missing(record, AccountNotFound, $"no AccountObj with erp_customer_no__c {customer}");
            accountId = Text(account, "_id");
        }

        fields["account_id"] = accountId;
        if (orderNumber is not null)
        {
            var order = await queries.FindAsync(FxiaokeFields.SalesOrderObject, FxiaokeFields.ErpOrderNo, orderNumber, cancellationToken).ConfigureAwait(false)
                ?? throw Missing(record, OrderNotFound, $"no SalesOrderObj with erp_order_no__c {orderNumber}");
            fields["order_id"] = Text(order, "_id");
        }

        foreach (var name in fields.Where(f => f.Value is null).Select(f => f.Key).ToList())
        {
            fields.Remove(name);
        }

        return fields;
    }

    // The referenced record may arrive later (another flow creates it): retryable.
    private static ConnectorRecordException Missing(CanonicalRecord record, string code, string message) =>
        new(FxiaokeServiceCollectionExtensions.HttpClientName, new RecordError(record.Identity, code, message, Retryable: true));
}
