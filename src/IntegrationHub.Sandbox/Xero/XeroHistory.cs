using System.Globalization;
using System.Text.Json.Nodes;
using Bogus;
using IntegrationHub.Sandbox.History;

namespace IntegrationHub.Sandbox.Xero;

/// <summary>
/// Receivables over months of history, telling the same story per customer number as the ERP's orders
/// (<see cref="CustomerHistory"/>): invoices fall in each customer's active periods (so churned customers have none
/// lately), are due 30 days after issue, and are paid as the customer's habit says: on time, late, or very late or not
/// at all (those stay open and overdue). Mostly CNY, some USD and EUR; a few voided, the newest partly drafts.
/// </summary>
internal static class XeroHistory
{
    private static readonly string[] Currencies = ["CNY", "CNY", "CNY", "CNY", "CNY", "CNY", "CNY", "USD", "USD", "EUR"];

    public static void Fill(XeroInvoiceStore store, XeroPaymentStore payments, List<JsonObject> contacts, int seed, int invoices, DateTimeOffset now, int months, Random random)
    {
        var faker = new Faker("en") { Random = new Randomizer(random.Next()) };
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var cumulative = new double[contacts.Count];
        var total = 0d;
        for (var c = 0; c < contacts.Count; c++)
        {
            total += CustomerHistory.Weight(CustomerHistory.KindOf(c + 1, seed));
            cumulative[c] = total;
        }

        for (var i = 1; i <= invoices; i++)
        {
            var found = Array.BinarySearch(cumulative, random.NextDouble() * total);
            var index = Math.Min(found < 0 ? ~found : found, contacts.Count - 1);
            var contact = contacts[index];
            var issued = CustomerHistory.OrderDate(index + 1, seed, today, months, random).AddDays(random.Next(0, 4));
            issued = issued > today ? today : issued;
            var due = issued.AddDays(30);
            var (lines, subTotal, tax) = Lines(faker);
            var invoiceTotal = subTotal + tax;
            var delay = CustomerHistory.PaysAfterDue(CustomerHistory.HabitOf(index + 1, seed), random);
            DateOnly? paidOn = delay is { } d && due.AddDays(d) <= today ? due.AddDays(d) : null;
            var status = random.NextDouble() < 0.02 ? "VOIDED"
                : today.DayNumber - issued.DayNumber < 5 && random.NextDouble() < 0.3 ? "DRAFT"
                : paidOn is null ? "AUTHORISED" : "PAID";
            var paid = status == "PAID" ? invoiceTotal : status == "AUTHORISED" && random.NextDouble() < 0.15 ? decimal.Round(invoiceTotal / 2, 2) : 0m;
            var invoice = new JsonObject
            {
                ["Type"] = "ACCREC",
                ["InvoiceID"] = new Guid(faker.Random.Bytes(16)).ToString(),
                ["InvoiceNumber"] = $"INV-H{i:000000}",
                ["Reference"] = random.NextDouble() < 0.5 ? $"XSDD-{random.Next(100_000, 999_999)}" : null,
                ["Contact"] = new JsonObject { ["ContactID"] = contact["ContactID"]!.DeepClone(), ["ContactNumber"] = contact["ContactNumber"]!.DeepClone(), ["Name"] = contact["Name"]!.DeepClone() },
                ["DateString"] = Day(issued) + "T00:00:00",
                ["Date"] = XeroInvoiceStore.JsonDate(issued),
                ["DueDateString"] = Day(due) + "T00:00:00",
                ["DueDate"] = XeroInvoiceStore.JsonDate(due),
                ["Status"] = status,
                ["LineAmountTypes"] = "Exclusive",
                ["LineItems"] = lines,
                ["SubTotal"] = subTotal,
                ["TotalTax"] = tax,
                ["Total"] = invoiceTotal,
                ["AmountDue"] = status == "VOIDED" ? 0m : invoiceTotal - paid,
                ["AmountPaid"] = paid,
                ["AmountCredited"] = 0m,
                ["CurrencyCode"] = Currencies[random.Next(Currencies.Length)],
            };
            var changedOn = status == "PAID" ? paidOn!.Value : issued;
            var updated = new DateTimeOffset(changedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddSeconds(random.Next(8 * 3600, 18 * 3600));
            var updatedMs = Math.Min(updated.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds());
            store.Seed(invoice, updatedMs);
            if (paid > 0)
            {
                payments.Seed(XeroSeed.Payment(faker, invoice, paid, paidOn ?? (due < today ? due : today)), updatedMs);
            }
        }
    }

    private static (JsonArray Lines, decimal SubTotal, decimal Tax) Lines(Faker faker)
    {
        var lines = new JsonArray();
        decimal subTotal = 0, tax = 0;
        for (var l = faker.Random.Int(1, 3); l > 0; l--)
        {
            var qty = faker.Random.Int(1, 20);
            var unit = decimal.Round(faker.Random.Decimal(15m, 900m), 2);
            var amount = qty * unit;
            var lineTax = decimal.Round(amount * 0.13m, 2);
            subTotal += amount;
            tax += lineTax;
            lines.Add(new JsonObject
            {
                ["LineItemID"] = new Guid(faker.Random.Bytes(16)).ToString(),
                ["Description"] = faker.Commerce.ProductName(),
                ["Quantity"] = qty,
                ["UnitAmount"] = unit,
                ["AccountCode"] = "200",
                ["TaxType"] = "OUTPUT2",
                ["TaxAmount"] = lineTax,
                ["LineAmount"] = amount,
            });
        }

        return (lines, subTotal, tax);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
