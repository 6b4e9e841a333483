using System.Globalization;
using System.Text.Json;
using IntegrationHub.Connectors;
using IntegrationHub.Storage;

namespace IntegrationHub.Host.Receivables;

/// <summary>
/// Canonical receivables and payments as the hub stores them. A receivable (as finance connectors read it: <c>{invoiceId, invoiceNumber, customer:{id, number, name},
/// currency, total, amountPaid, amountCredited, amountDue, status, issueDate, dueDate, updatedAt}</c>) as the hub stores it.
/// A record that cannot be stored throws <see cref="FormatException"/> naming the field, so it is quarantined with that reason.
/// </summary>
public static class ReceivableRecords
{
    private static readonly HashSet<string> Statuses = new(StringComparer.Ordinal) { "draft", "submitted", "open", "paid", "void", "deleted" };

    /// <summary>The finance system's id of the invoice's customer (its contact), or null when the invoice names none.</summary>
    public static string? CustomerIdOf(CanonicalRecord record) =>
        record.Payload.TryGetProperty("customer", out var c) && c.ValueKind == JsonValueKind.Object ? Text(c, "id") : null;

    /// <summary>The number the invoice's customer carries in the finance system (Xero's ContactNumber), or null.</summary>
    public static string? CustomerNumberOf(CanonicalRecord record) =>
        record.Payload.TryGetProperty("customer", out var c) && c.ValueKind == JsonValueKind.Object ? Text(c, "number") : null;

    public static StoredReceivable ToStored(CanonicalRecord record, Guid? customerHubId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        var p = record.Payload;
        if (p.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the receivable payload must be a JSON object");
        }

        var customer = p.TryGetProperty("customer", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var currency = Text(p, "currency") is { Length: 3 } code && code.All(char.IsAsciiLetterUpper) ? code : throw new FormatException("currency must be an ISO 4217 code such as CNY");
        var status = Text(p, "status") is { } s && Statuses.Contains(s) ? s : throw new FormatException($"status must be one of {string.Join(", ", Statuses)}");
        var total = Amount(p, "total", required: true);
        var paid = Amount(p, "amountPaid", required: false);
        var credited = Amount(p, "amountCredited", required: false);
        var due = p.TryGetProperty("amountDue", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetDecimal() : total - paid - credited;
        var updated = Text(p, "updatedAt") is { } u && DateTimeOffset.TryParse(u, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : DateTimeOffset.FromUnixTimeMilliseconds(record.SourceVersion);
        return new StoredReceivable(record.System, record.ExternalId, Text(p, "invoiceNumber"), customerHubId,
            customer.ValueKind == JsonValueKind.Object ? Text(customer, "name") : null, currency, total, paid, credited, due, status,
            Date(p, "issueDate"), Date(p, "dueDate"), record.SourceVersion, updated, CanonicalHash.Of(p), p.GetRawText(), now);
    }

    /// <summary>A canonical payment (<c>{paymentId, invoiceId, customer:{id, name}, currency, amount, paidOn, status, updatedAt}</c>) as stored.</summary>
    public static StoredPayment ToStoredPayment(CanonicalRecord record, Guid? customerHubId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        var p = record.Payload;
        if (p.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the payment payload must be a JSON object");
        }

        var invoice = Text(p, "invoiceId") ?? throw new FormatException("invoiceId is required");
        var paidOn = Date(p, "paidOn") ?? throw new FormatException("paidOn is required");
        var status = Text(p, "status") is "authorised" or "deleted" ? Text(p, "status")! : throw new FormatException("status must be authorised or deleted");
        var currency = Text(p, "currency") is { } code && !(code.Length == 3 && code.All(char.IsAsciiLetterUpper)) ? throw new FormatException("currency must be an ISO 4217 code such as CNY") : Text(p, "currency");
        return new StoredPayment(record.System, record.ExternalId, invoice, customerHubId, currency, Amount(p, "amount", required: true), paidOn, status,
            record.SourceVersion, CanonicalHash.Of(p), p.GetRawText(), now);
    }

    private static decimal Amount(JsonElement p, string name, bool required) => p.TryGetProperty(name, out var v) switch
    {
        true when v.ValueKind == JsonValueKind.Number => v.GetDecimal(),
        true when v.ValueKind == JsonValueKind.Null && !required => 0m,
        false when !required => 0m,
        _ => throw new FormatException($"{name} must be a number"),
    };

    private static DateOnly? Date(JsonElement p, string name) => Text(p, name) switch
    {
        null => null,
        { } text when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => date,
        { } text => throw new FormatException($"{name} '{text}' must be a date yyyy-MM-dd"),
    };

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
