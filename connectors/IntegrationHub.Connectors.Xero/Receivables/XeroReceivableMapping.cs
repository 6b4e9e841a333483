using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Xero.Records;

namespace IntegrationHub.Connectors.Xero.Receivables;

/// <summary>
/// A Xero ACCREC invoice as the canonical receivable and back. Canonical: <c>{invoiceId, invoiceNumber, customer:{id, number,
/// name}, reference, issueDate, dueDate, currency, lineAmountTypes, lines[{description, quantity, unitAmount, accountCode,
/// taxType, itemCode, lineAmount}], subTotal, totalTax, total, amountDue, amountPaid, amountCredited, status, updatedAt}</c>,
/// money as JSON decimals in <c>currency</c>, dates <c>yyyy-MM-dd</c>, <c>updatedAt</c> ISO 8601 UTC. Pure functions; a
/// record that cannot be mapped throws <see cref="FormatException"/> naming the field.
/// </summary>
internal static class XeroReceivableMapping
{
    public static CanonicalRecord ToRecord(JsonElement invoice)
    {
        var id = Text(invoice, "InvoiceID") ?? throw new FormatException("invoice without InvoiceID");
        var updated = XeroDates.Parse(Text(invoice, "UpdatedDateUTC")).ToUniversalTime();
        var contact = invoice.TryGetProperty("Contact", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var lines = invoice.TryGetProperty("LineItems", out var l) && l.ValueKind == JsonValueKind.Array ? l.EnumerateArray().ToArray() : [];
        var payload = new JsonObject
        {
            ["invoiceId"] = id,
            ["invoiceNumber"] = Text(invoice, "InvoiceNumber"),
            ["customer"] = new JsonObject
            {
                ["id"] = contact.ValueKind == JsonValueKind.Object ? Text(contact, "ContactID") : null,
                ["number"] = contact.ValueKind == JsonValueKind.Object ? Text(contact, "ContactNumber") : null,
                ["name"] = contact.ValueKind == JsonValueKind.Object ? Text(contact, "Name") : null,
            },
            ["reference"] = Text(invoice, "Reference"),
            ["issueDate"] = Date(invoice, "Date"),
            ["dueDate"] = Date(invoice, "DueDate"),
            ["currency"] = Text(invoice, "CurrencyCode") ?? throw new FormatException($"invoice {id} has no CurrencyCode"),
            ["lineAmountTypes"] = Text(invoice, "LineAmountTypes"),
            ["lines"] = new JsonArray(lines.Select(line => (JsonNode)new JsonObject
            {
                ["description"] = Text(line, "Description"),
                ["quantity"] = Money(line, "Quantity"),
                ["unitAmount"] = Money(line, "UnitAmount"),
                ["accountCode"] = Text(line, "AccountCode"),
                ["taxType"] = Text(line, "TaxType"),
                ["itemCode"] = Text(line, "ItemCode"),
                ["lineAmount"] = Money(line, "LineAmount"),
            }).ToArray()),
            ["subTotal"] = Money(invoice, "SubTotal"),
            ["totalTax"] = Money(invoice, "TotalTax"),
            ["total"] = Money(invoice, "Total"),
            ["amountDue"] = Money(invoice, "AmountDue"),
            ["amountPaid"] = Money(invoice, "AmountPaid"),
            ["amountCredited"] = Money(invoice, "AmountCredited"),
            ["status"] = XeroInvoiceStatus.ToCanonical(Text(invoice, "Status")),
            ["updatedAt"] = updated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        return new CanonicalRecord(XeroServiceCollectionExtensions.HttpClientName, CanonicalEntity.Receivable, id, updated.ToUnixTimeMilliseconds(),
            JsonSerializer.SerializeToElement(payload));
    }

    /// <summary>The invoice number a canonical receivable is written under (Xero's key for updates by number).</summary>
    public static string NumberOf(CanonicalRecord record) =>
        Text(record.Payload, "invoiceNumber") is { Length: > 0 and <= 255 } number ? number : throw new FormatException("invoiceNumber is required (1-255 characters)");

    /// <summary>The Xero invoice for a canonical receivable; <paramref name="invoiceId"/> when it exists already.</summary>
    public static JsonObject ToInvoice(CanonicalRecord record, string? invoiceId, string defaultLineAmountTypes)
    {
        var p = record.Payload;
        var number = NumberOf(record);
        var customer = p.TryGetProperty("customer", out var c) && c.ValueKind == JsonValueKind.Object ? c : throw new FormatException("customer is required");
        var contact = new JsonObject();
        if (Text(customer, "number") is { } contactNumber)
        {
            contact["ContactNumber"] = contactNumber;
        }

        contact["Name"] = Text(customer, "name") ?? throw new FormatException("customer.name is required");
        var lines = new JsonArray();
        var lineItems = p.TryGetProperty("lines", out var l) && l.ValueKind == JsonValueKind.Array && l.GetArrayLength() > 0
            ? l.EnumerateArray().ToArray()
            : throw new FormatException("lines must be a non-empty array");
        for (var i = 0; i < lineItems.Length; i++)
        {
            var line = lineItems[i];
            var item = new JsonObject
            {
                ["Description"] = Text(line, "description") ?? throw new FormatException($"lines[{i}].description is required"),
                ["Quantity"] = RequiredNumber(line, "quantity", $"lines[{i}].quantity"),
                ["UnitAmount"] = RequiredNumber(line, "unitAmount", $"lines[{i}].unitAmount"),
                ["AccountCode"] = Text(line, "accountCode") ?? throw new FormatException($"lines[{i}].accountCode is required"),
            };
            if (Text(line, "taxType") is { } taxType)
            {
                item["TaxType"] = taxType;
            }

            if (Text(line, "itemCode") is { } itemCode)
            {
                item["ItemCode"] = itemCode;
            }

            lines.Add(item);
        }

        var invoice = new JsonObject
        {
            ["Type"] = "ACCREC",
            ["InvoiceNumber"] = number,
            ["Contact"] = contact,
            ["Date"] = RequiredDate(p, "issueDate"),
            ["DueDate"] = RequiredDate(p, "dueDate"),
            ["CurrencyCode"] = Text(p, "currency") is { Length: 3 } currency ? currency.ToUpperInvariant() : throw new FormatException("currency must be an ISO 4217 code"),
            ["LineAmountTypes"] = Text(p, "lineAmountTypes") ?? defaultLineAmountTypes,
            ["Status"] = XeroInvoiceStatus.FromCanonical(Text(p, "status")),
            ["LineItems"] = lines,
        };
        if (invoiceId is not null)
        {
            invoice["InvoiceID"] = invoiceId;
        }

        if (Text(p, "reference") is { } reference)
        {
            invoice["Reference"] = reference;
        }

        return invoice;
    }

    private static string? Date(JsonElement invoice, string name) =>
        Text(invoice, name) is { } text ? XeroDates.DateOf(text).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    private static string RequiredDate(JsonElement payload, string field) =>
        DateOnly.TryParseExact(Text(payload, field), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : throw new FormatException($"{field} must be a date yyyy-MM-dd");

    private static decimal RequiredNumber(JsonElement o, string name, string path) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : throw new FormatException($"{path} must be a number");

    private static decimal? Money(JsonElement o, string name) => XeroJson.Money(o, name);

    private static string? Text(JsonElement o, string name) => XeroJson.Text(o, name);
}
