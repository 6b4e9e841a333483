using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Sandbox.Xero;

/// <summary>
/// The sandbox organisation's invoices (their contacts live in <see cref="XeroContactStore"/>). Writes follow Xero: an invoice is found by InvoiceID or, failing that,
/// by InvoiceNumber (then updated), validated (contact, line items, account codes, tax types, currency, status transitions),
/// its totals computed from the lines, and <c>UpdatedDateUTC</c> stamped.
/// </summary>
public sealed class XeroInvoiceStore(TimeProvider time, XeroContactStore contacts)
{
    public static readonly IReadOnlySet<string> Currencies = new HashSet<string>(["NZD", "AUD", "USD", "EUR", "GBP", "CNY"]);
    public static readonly IReadOnlySet<string> SalesAccounts = new HashSet<string>(["200", "260", "270"]);
    private static readonly Dictionary<string, decimal> TaxRates = new() { ["OUTPUT2"] = 0.15m, ["OUTPUT"] = 0.15m, ["NONE"] = 0m, ["EXEMPTOUTPUT"] = 0m, ["ZERORATEDOUTPUT"] = 0m };

    private readonly Dictionary<Guid, (JsonObject Invoice, long UpdatedMs)> _invoices = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _invoices.Count;
            }
        }
    }

    /// <summary>Copies of every invoice of a type (ACCREC, ACCPAY), oldest change first.</summary>
    public IReadOnlyList<JsonObject> All(string type) => List(type, null, null, (_, ms) => ms, descending: false);

    /// <summary>Invoices matching the filters, ordered by the key, as Xero answers them.</summary>
    internal List<JsonObject> List(string? type, long? sinceMs, IReadOnlySet<string>? numbers, Func<JsonObject, long, IComparable> orderBy, bool descending)
    {
        lock (_lock)
        {
            var rows = _invoices.Values
                .Where(i => type is null || Text(i.Invoice["Type"]) == type)
                .Where(i => sinceMs is null || i.UpdatedMs >= sinceMs)
                .Where(i => numbers is null || numbers.Contains(Text(i.Invoice["InvoiceNumber"]) ?? ""));
            var ordered = descending ? rows.OrderByDescending(i => orderBy(i.Invoice, i.UpdatedMs)) : rows.OrderBy(i => orderBy(i.Invoice, i.UpdatedMs));
            return ordered.ThenBy(i => Text(i.Invoice["InvoiceNumber"]), StringComparer.Ordinal).Select(i => Output(i.Invoice, i.UpdatedMs)).ToList();
        }
    }

    /// <summary>One invoice by InvoiceID or InvoiceNumber.</summary>
    public JsonObject? Get(string idOrNumber)
    {
        lock (_lock)
        {
            return Find(Guid.TryParse(idOrNumber, out var id) ? id : null, idOrNumber, null) is { } found ? Output(found.Invoice, found.UpdatedMs) : null;
        }
    }

    /// <summary>Sets a field as a Xero user would (e.g. a payment: AmountPaid and Status PAID), stamping UpdatedDateUTC.</summary>
    public void Set(string idOrNumber, string field, JsonNode? value)
    {
        lock (_lock)
        {
            var found = Find(Guid.TryParse(idOrNumber, out var g) ? g : null, idOrNumber, null) ?? throw new KeyNotFoundException(idOrNumber);
            var id = Guid.Parse(Text(found.Invoice["InvoiceID"])!);
            found.Invoice[field] = value?.DeepClone();
            _invoices[id] = (found.Invoice, time.GetUtcNow().ToUnixTimeMilliseconds());
        }
    }

    /// <summary>Checks every invoice first; then, unless <paramref name="allOrNothing"/> and one failed, saves the valid ones.</summary>
    internal List<(JsonObject Answer, bool Ok)> Save(IReadOnlyList<JsonObject> invoices, bool allOrNothing)
    {
        lock (_lock)
        {
            var checkedOnes = invoices.Select(i => (Input: i, Result: Check(i))).ToList();
            var anyError = checkedOnes.Any(c => c.Result.Errors.Count > 0);
            var answers = new List<(JsonObject, bool)>();
            foreach (var (input, (errors, invoice, contact)) in checkedOnes)
            {
                if (errors.Count > 0 || (allOrNothing && anyError))
                {
                    var echo = (JsonObject)input.DeepClone();
                    echo["InvoiceID"] = Guid.Empty.ToString();
                    echo["HasErrors"] = errors.Count > 0;
                    echo["StatusAttributeString"] = "ERROR";
                    echo["ValidationErrors"] = new JsonArray(errors.Select(m => (JsonNode)new JsonObject { ["Message"] = m }).ToArray());
                    answers.Add((echo, false));
                    continue;
                }

                if (contact is not null)
                {
                    if (contacts.Adopt(contact) is var kept && !ReferenceEquals(kept, contact))
                    {
                        invoice!["Contact"] = kept; // the batch's first invoice for this number created the contact
                    }
                }

                var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                _invoices[Guid.Parse(Text(invoice!["InvoiceID"])!)] = (invoice, now);
                var answer = Output(invoice, now);
                answer["StatusAttributeString"] = "OK";
                answers.Add((answer, true));
            }

            return answers;
        }
    }

    /// <summary>
    /// Applies a payment (a positive <paramref name="amount"/>) or its reversal (negative) to an approved receivable, as Xero
    /// does: AmountPaid and AmountDue move, Status becomes PAID when nothing is due (and AUTHORISED again on a reversal),
    /// UpdatedDateUTC is stamped. Answers a copy of the invoice as it was before.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such invoice.</exception>
    /// <exception cref="InvalidOperationException">Not an approved receivable, or more than is due.</exception>
    internal JsonObject ApplyPayment(string idOrNumber, decimal amount)
    {
        lock (_lock)
        {
            var found = Find(Guid.TryParse(idOrNumber, out var g) ? g : null, idOrNumber, "ACCREC") ?? throw new KeyNotFoundException(idOrNumber);
            var invoice = found.Invoice;
            var status = Text(invoice["Status"]);
            var due = Number(invoice["AmountDue"]) ?? 0m;
            if (amount > 0 && (status != "AUTHORISED" || amount > due))
            {
                throw new InvalidOperationException(status != "AUTHORISED"
                    ? $"Payments can only be made against Authorised invoices (invoice is {status})."
                    : $"Payment amount {amount} exceeds the amount due {due}.");
            }

            var before = (JsonObject)invoice.DeepClone();
            invoice["AmountPaid"] = (Number(invoice["AmountPaid"]) ?? 0m) + amount;
            invoice["AmountDue"] = due - amount;
            invoice["Status"] = due - amount == 0m ? "PAID" : "AUTHORISED";
            _invoices[Guid.Parse(Text(invoice["InvoiceID"])!)] = (invoice, time.GetUtcNow().ToUnixTimeMilliseconds());
            return before;
        }
    }

    internal void Seed(JsonObject invoice, long updatedMs) => _invoices[Guid.Parse(Text(invoice["InvoiceID"])!)] = (invoice, updatedMs);

    private (List<string> Errors, JsonObject? Invoice, JsonObject? Contact) Check(JsonObject input)
    {
        var errors = new List<string>();
        var type = Text(input["Type"]);
        if (type is not ("ACCREC" or "ACCPAY"))
        {
            errors.Add("Invoice Type must be ACCREC or ACCPAY.");
            return (errors, null, null);
        }

        var idText = Text(input["InvoiceID"]);
        Guid? id = Guid.TryParse(idText, out var g) ? g : null;
        if (idText is not null && id is null)
        {
            errors.Add($"'{idText}' is not a valid InvoiceID.");
            return (errors, null, null);
        }

        var existing = Find(id, Text(input["InvoiceNumber"]), type);
        if (id is not null && existing is null)
        {
            errors.Add("Invoice could not be found.");
            return (errors, null, null);
        }

        var current = existing?.Invoice;
        var currentStatus = current is null ? null : Text(current["Status"]);
        var status = Text(input["Status"]) ?? currentStatus ?? "DRAFT";
        if (currentStatus is "PAID")
        {
            errors.Add("This document cannot be edited as it has a payment or credit note allocated to it.");
        }
        else if (currentStatus is "VOIDED" or "DELETED" || !Allowed(currentStatus, status))
        {
            errors.Add($"Invoice not of valid status for modification ({currentStatus ?? "new"} to {status}).");
        }

        var contact = contacts.ForInvoice(input["Contact"] as JsonObject ?? (current?["Contact"] as JsonObject), errors);
        var currency = Text(input["CurrencyCode"]) ?? (current is null ? "NZD" : Text(current["CurrencyCode"]));
        if (currency is null || !Currencies.Contains(currency))
        {
            errors.Add($"The currency '{currency}' is not set up for this organisation.");
        }

        var amountTypes = Text(input["LineAmountTypes"]) ?? (current is null ? "Exclusive" : Text(current["LineAmountTypes"])) ?? "Exclusive";
        if (amountTypes is not ("Exclusive" or "Inclusive" or "NoTax"))
        {
            errors.Add($"LineAmountTypes '{amountTypes}' must be Exclusive, Inclusive or NoTax.");
        }

        var lines = (input["LineItems"] as JsonArray ?? current?["LineItems"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (lines.Count == 0)
        {
            errors.Add("At least one line item is required.");
        }

        var computed = new JsonArray();
        decimal subTotal = 0, totalTax = 0;
        foreach (var line in lines)
        {
            var description = Text(line["Description"]);
            var qty = Number(line["Quantity"]) ?? 1m;
            var unit = Number(line["UnitAmount"]);
            var account = Text(line["AccountCode"]);
            var taxType = Text(line["TaxType"]) ?? (amountTypes == "NoTax" ? "NONE" : "OUTPUT2");
            if (string.IsNullOrWhiteSpace(description))
            {
                errors.Add("Description is required for each line item.");
            }

            if (unit is null)
            {
                errors.Add("UnitAmount is required for each line item.");
            }

            if (type == "ACCREC" && (account is null || !SalesAccounts.Contains(account)))
            {
                errors.Add($"Account code '{account}' is not a valid code for this document.");
            }

            if (!TaxRates.TryGetValue(taxType, out var rate))
            {
                errors.Add($"The TaxType code '{taxType}' does not exist or cannot be used for this type of transaction.");
                rate = 0;
            }

            var amount = decimal.Round(qty * (unit ?? 0), 2, MidpointRounding.AwayFromZero);
            var tax = amountTypes switch
            {
                "NoTax" => 0m,
                "Inclusive" => decimal.Round(amount - (amount / (1 + rate)), 2, MidpointRounding.AwayFromZero),
                _ => decimal.Round(amount * rate, 2, MidpointRounding.AwayFromZero),
            };
            subTotal += amountTypes == "Inclusive" ? amount - tax : amount;
            totalTax += tax;
            computed.Add(new JsonObject
            {
                ["LineItemID"] = Guid.NewGuid().ToString(),
                ["Description"] = description,
                ["Quantity"] = qty,
                ["UnitAmount"] = unit,
                ["ItemCode"] = Text(line["ItemCode"]),
                ["AccountCode"] = account,
                ["TaxType"] = taxType,
                ["TaxAmount"] = tax,
                ["LineAmount"] = amount,
            });
        }

        var date = DateOf(input["Date"], errors, "Date") ?? (current is null ? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime) : DateOf(current["DateString"], errors, "Date"));
        var due = DateOf(input["DueDate"], errors, "DueDate") ?? (current is null ? null : DateOf(current["DueDateString"], errors, "DueDate"));
        if (due is null && status is "AUTHORISED" or "SUBMITTED")
        {
            errors.Add("Due Date is required for an approved invoice.");
        }

        if (errors.Count > 0)
        {
            return (errors, null, null);
        }

        var total = subTotal + totalTax;
        var paid = current is null ? 0m : Number(current["AmountPaid"]) ?? 0m;
        var credited = current is null ? 0m : Number(current["AmountCredited"]) ?? 0m;
        var invoice = new JsonObject
        {
            ["Type"] = type,
            ["InvoiceID"] = (id ?? (current is null ? Guid.NewGuid() : Guid.Parse(Text(current["InvoiceID"])!))).ToString(),
            ["InvoiceNumber"] = Text(input["InvoiceNumber"]) ?? (current is null ? $"INV-{_invoices.Count + 1:0000}" : Text(current["InvoiceNumber"])),
            ["Reference"] = Text(input["Reference"]) ?? (current is null ? null : Text(current["Reference"])),
            ["Contact"] = contact,
            ["DateString"] = date!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00",
            ["Date"] = JsonDate(date.Value),
            ["DueDateString"] = due is { } dueDate ? dueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00" : null,
            ["DueDate"] = due is { } d ? JsonDate(d) : null,
            ["Status"] = status,
            ["LineAmountTypes"] = amountTypes,
            ["LineItems"] = computed,
            ["SubTotal"] = subTotal,
            ["TotalTax"] = totalTax,
            ["Total"] = total,
            ["AmountDue"] = total - paid - credited,
            ["AmountPaid"] = paid,
            ["AmountCredited"] = credited,
            ["CurrencyCode"] = currency,
        };
        return (errors, invoice, contact);
    }

    private static bool Allowed(string? from, string to) => (from, to) switch
    {
        (_, "PAID") => false,
        (null, "DRAFT" or "SUBMITTED" or "AUTHORISED") => true,
        ("DRAFT" or "SUBMITTED", "DRAFT" or "SUBMITTED" or "AUTHORISED" or "DELETED") => true,
        ("AUTHORISED", "AUTHORISED" or "VOIDED") => true,
        _ => false,
    };

    private (JsonObject Invoice, long UpdatedMs)? Find(Guid? id, string? number, string? type)
    {
        if (id is { } g)
        {
            return _invoices.TryGetValue(g, out var byId) ? byId : null;
        }

        return number is null ? null : _invoices.Values.Where(i => Text(i.Invoice["InvoiceNumber"]) == number && (type is null || Text(i.Invoice["Type"]) == type))
            .Select(i => ((JsonObject, long)?)i).FirstOrDefault();
    }

    private static JsonObject Output(JsonObject invoice, long updatedMs)
    {
        var copy = (JsonObject)invoice.DeepClone();
        copy["UpdatedDateUTC"] = $"/Date({updatedMs.ToString(CultureInfo.InvariantCulture)}+0000)/";
        return copy;
    }

    internal static string JsonDate(DateOnly date) =>
        $"/Date({new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}+0000)/";

    private static DateOnly? DateOf(JsonNode? node, List<string> errors, string field)
    {
        var text = Text(node);
        if (text is null)
        {
            return null;
        }

        if (text.StartsWith("/Date(", StringComparison.Ordinal) && long.TryParse(text[6..].Split('+', '-', ')')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            return DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime);
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return DateOnly.FromDateTime(parsed);
        }

        errors.Add($"{field} '{text}' is not a valid date.");
        return null;
    }

    internal static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Null => null,
        _ => node.ToJsonString(),
    };

    private static decimal? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
