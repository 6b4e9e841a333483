using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Xero.Records;

namespace IntegrationHub.Connectors.Xero.Payments;

/// <summary>
/// A Xero payment on a receivable (PaymentType ACCRECPAYMENT) as the canonical payment: <c>{paymentId, invoiceId,
/// invoiceNumber, customer:{id, name}, currency, amount, paidOn, reference, status, updatedAt}</c>; <c>status</c> is
/// <c>authorised</c> or <c>deleted</c> (a deleted payment no longer counts), <c>paidOn</c> the payment date yyyy-MM-dd,
/// amounts in the invoice's currency. A payment that cannot be mapped throws <see cref="FormatException"/> naming the field.
/// </summary>
internal static class XeroPaymentMapping
{
    public static CanonicalRecord ToRecord(JsonElement payment)
    {
        var id = XeroJson.Text(payment, "PaymentID") ?? throw new FormatException("payment without PaymentID");
        var updated = XeroDates.Parse(XeroJson.Text(payment, "UpdatedDateUTC")).ToUniversalTime();
        var invoice = payment.TryGetProperty("Invoice", out var i) && i.ValueKind == JsonValueKind.Object ? i : throw new FormatException($"payment {id} has no Invoice");
        var contact = invoice.TryGetProperty("Contact", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var payload = new JsonObject
        {
            ["paymentId"] = id,
            ["invoiceId"] = XeroJson.Text(invoice, "InvoiceID") ?? throw new FormatException($"payment {id} has no Invoice.InvoiceID"),
            ["invoiceNumber"] = XeroJson.Text(invoice, "InvoiceNumber"),
            ["customer"] = new JsonObject
            {
                ["id"] = contact.ValueKind == JsonValueKind.Object ? XeroJson.Text(contact, "ContactID") : null,
                ["name"] = contact.ValueKind == JsonValueKind.Object ? XeroJson.Text(contact, "Name") : null,
            },
            ["currency"] = XeroJson.Text(invoice, "CurrencyCode"),
            ["amount"] = XeroJson.Money(payment, "Amount") ?? throw new FormatException($"payment {id} has no Amount"),
            ["paidOn"] = XeroJson.Text(payment, "Date") is { } date
                ? XeroDates.DateOf(date).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : throw new FormatException($"payment {id} has no Date"),
            ["reference"] = XeroJson.Text(payment, "Reference"),
            ["status"] = XeroJson.Text(payment, "Status") switch
            {
                "AUTHORISED" => "authorised",
                "DELETED" => "deleted",
                var other => throw new FormatException($"unknown Xero payment Status '{other}'"),
            },
            ["updatedAt"] = updated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        return new CanonicalRecord(XeroServiceCollectionExtensions.HttpClientName, CanonicalEntity.Payment, id, updated.ToUnixTimeMilliseconds(),
            JsonSerializer.SerializeToElement(payload));
    }
}
