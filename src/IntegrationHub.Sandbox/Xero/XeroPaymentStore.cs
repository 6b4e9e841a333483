using System.Globalization;
using System.Text.Json.Nodes;

namespace IntegrationHub.Sandbox.Xero;

/// <summary>
/// Xero payments on receivables (PaymentType ACCRECPAYMENT): paying an approved invoice records a payment and moves the
/// invoice's AmountPaid, AmountDue and Status (<see cref="XeroInvoiceStore.ApplyPayment"/>); deleting a payment (Status
/// DELETED) reverses it. Each change stamps the payment's UpdatedDateUTC.
/// </summary>
public sealed class XeroPaymentStore(TimeProvider time, XeroInvoiceStore invoices)
{
    private readonly Dictionary<Guid, (JsonObject Payment, long UpdatedMs)> _payments = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _payments.Count;
            }
        }
    }

    /// <summary>A customer pays (part of) an approved receivable on <paramref name="date"/>; answers the PaymentID.</summary>
    /// <exception cref="KeyNotFoundException">No such invoice.</exception>
    /// <exception cref="InvalidOperationException">Not an approved receivable, or more than is due.</exception>
    public string Pay(string invoiceIdOrNumber, decimal amount, DateOnly date, string? reference = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        lock (_lock)
        {
            var invoice = invoices.ApplyPayment(invoiceIdOrNumber, amount);
            var id = Guid.NewGuid();
            var contact = invoice["Contact"] as JsonObject;
            _payments[id] = (new JsonObject
            {
                ["PaymentID"] = id.ToString(),
                ["Date"] = XeroInvoiceStore.JsonDate(date),
                ["Amount"] = amount,
                ["Reference"] = reference,
                ["CurrencyRate"] = 1.0m,
                ["PaymentType"] = "ACCRECPAYMENT",
                ["Status"] = "AUTHORISED",
                ["IsReconciled"] = false,
                ["Account"] = new JsonObject { ["AccountID"] = "5040915e-8ce7-4177-8d08-fde416232f18", ["Code"] = "090" },
                ["Invoice"] = new JsonObject
                {
                    ["InvoiceID"] = invoice["InvoiceID"]?.DeepClone(),
                    ["InvoiceNumber"] = invoice["InvoiceNumber"]?.DeepClone(),
                    ["Type"] = "ACCREC",
                    ["CurrencyCode"] = invoice["CurrencyCode"]?.DeepClone(),
                    ["Contact"] = new JsonObject { ["ContactID"] = contact?["ContactID"]?.DeepClone(), ["Name"] = contact?["Name"]?.DeepClone() },
                },
            }, time.GetUtcNow().ToUnixTimeMilliseconds());
            return id.ToString();
        }
    }

    /// <summary>Deletes a payment (Status DELETED): its invoice owes the amount again.</summary>
    /// <exception cref="KeyNotFoundException">No such payment.</exception>
    public void Delete(string paymentId)
    {
        lock (_lock)
        {
            var id = Guid.Parse(paymentId);
            var (payment, _) = _payments.TryGetValue(id, out var found) ? found : throw new KeyNotFoundException(paymentId);
            if (XeroInvoiceStore.Text(payment["Status"]) == "DELETED")
            {
                return;
            }

            invoices.ApplyPayment(XeroInvoiceStore.Text(payment["Invoice"]!["InvoiceID"])!, -decimal.Parse(payment["Amount"]!.ToJsonString(), CultureInfo.InvariantCulture));
            payment["Status"] = "DELETED";
            _payments[id] = (payment, time.GetUtcNow().ToUnixTimeMilliseconds());
        }
    }

    /// <summary>Copies of the payments changed at or after <paramref name="sinceMs"/>, oldest change first.</summary>
    public List<JsonObject> List(long? sinceMs)
    {
        lock (_lock)
        {
            return _payments.Values.Where(p => sinceMs is null || p.UpdatedMs >= sinceMs)
                .OrderBy(p => p.UpdatedMs).ThenBy(p => XeroInvoiceStore.Text(p.Payment["PaymentID"]), StringComparer.Ordinal)
                .Select(p =>
                {
                    var copy = (JsonObject)p.Payment.DeepClone();
                    copy["UpdatedDateUTC"] = $"/Date({p.UpdatedMs.ToString(CultureInfo.InvariantCulture)}+0000)/";
                    return copy;
                }).ToList();
        }
    }

    internal void Seed(JsonObject payment, long updatedMs)
    {
        lock (_lock)
        {
            _payments[Guid.Parse(XeroInvoiceStore.Text(payment["PaymentID"])!)] = (payment, updatedMs);
        }
    }
}
