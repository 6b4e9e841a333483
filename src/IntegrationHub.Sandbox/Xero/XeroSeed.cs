using System.Globalization;
using System.Text.Json.Nodes;
using Bogus;

namespace IntegrationHub.Sandbox.Xero;

/// <summary>
/// Realistic finance data from a fixed seed: customer and supplier contacts, invoices (about 85 % ACCREC) in every status
/// with computed totals and partial payments. <c>UpdatedDateUTC</c> values fall on whole seconds of the last 30 days, some
/// shared by several invoices and some sharing a second at different milliseconds (the boundaries of incremental reads).
/// </summary>
internal static class XeroSeed
{
    private static readonly string[] Statuses = ["DRAFT", "SUBMITTED", "AUTHORISED", "AUTHORISED", "AUTHORISED", "PAID", "PAID", "VOIDED"];
    private static readonly string[] Currencies = ["NZD", "NZD", "AUD", "USD", "EUR"];

    public static void Fill(XeroInvoiceStore store, XeroContactStore contactStore, XeroPaymentStore payments, int seed, int contacts, int invoices, DateTimeOffset now,
        int historyMonths = 0)
    {
        var faker = new Faker("en") { Random = new Randomizer(seed) };
        var people = new List<JsonObject>();
        for (var i = 1; i <= contacts; i++)
        {
            var contact = new JsonObject
            {
                ["ContactID"] = new Guid(faker.Random.Bytes(16)).ToString(),
                ["ContactNumber"] = $"CUST{i:0000}",
                ["Name"] = faker.Company.CompanyName(),
                ["ContactStatus"] = "ACTIVE",
            };
            contactStore.Seed(contact, now.AddDays(-31).ToUnixTimeMilliseconds() + (i * 1000L));
            people.Add(contact);
        }

        if (historyMonths > 0 && people.Count > 0)
        {
            XeroHistory.Fill(store, payments, people, seed, invoices, now, historyMonths, new Random(faker.Random.Int()));
            return;
        }

        var start = now.AddDays(-30).ToUnixTimeSeconds();
        for (var i = 1; i <= invoices && people.Count > 0; i++)
        {
            var contact = faker.PickRandom(people);
            var type = faker.Random.Bool(0.85f) ? "ACCREC" : "ACCPAY";
            var status = faker.PickRandom(Statuses);
            var date = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(start).UtcDateTime).AddDays(faker.Random.Int(0, 29));
            var lines = new JsonArray();
            decimal subTotal = 0;
            for (var l = faker.Random.Int(1, 3); l > 0; l--)
            {
                var qty = faker.Random.Int(1, 20);
                var unit = decimal.Round(faker.Random.Decimal(15m, 900m), 2);
                var amount = qty * unit;
                subTotal += amount;
                lines.Add(new JsonObject
                {
                    ["LineItemID"] = new Guid(faker.Random.Bytes(16)).ToString(),
                    ["Description"] = faker.Commerce.ProductName(),
                    ["Quantity"] = qty,
                    ["UnitAmount"] = unit,
                    ["AccountCode"] = type == "ACCREC" ? faker.PickRandom("200", "260") : "400",
                    ["TaxType"] = "OUTPUT2",
                    ["TaxAmount"] = decimal.Round(amount * 0.15m, 2),
                    ["LineAmount"] = amount,
                });
            }

            var tax = lines.Sum(l => (decimal)l!["TaxAmount"]!);
            var total = subTotal + tax;
            var paid = status == "PAID" ? total : status == "AUTHORISED" && faker.Random.Bool(0.3f) ? decimal.Round(total / 2, 2) : 0m;
            var invoice = new JsonObject
            {
                ["Type"] = type,
                ["InvoiceID"] = new Guid(faker.Random.Bytes(16)).ToString(),
                ["InvoiceNumber"] = type == "ACCREC" ? $"INV-{i:0000}" : $"BILL-{i:0000}",
                ["Reference"] = faker.Random.Bool(0.5f) ? $"PO-{faker.Random.Int(1000, 9999)}" : null,
                ["Contact"] = new JsonObject { ["ContactID"] = contact["ContactID"]!.DeepClone(), ["ContactNumber"] = contact["ContactNumber"]!.DeepClone(), ["Name"] = contact["Name"]!.DeepClone() },
                ["DateString"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00",
                ["Date"] = XeroInvoiceStore.JsonDate(date),
                ["DueDateString"] = date.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00",
                ["DueDate"] = XeroInvoiceStore.JsonDate(date.AddDays(30)),
                ["Status"] = status,
                ["LineAmountTypes"] = "Exclusive",
                ["LineItems"] = lines,
                ["SubTotal"] = subTotal,
                ["TotalTax"] = tax,
                ["Total"] = total,
                ["AmountDue"] = status == "VOIDED" ? 0m : total - paid,
                ["AmountPaid"] = paid,
                ["AmountCredited"] = 0m,
                ["CurrencyCode"] = faker.PickRandom(Currencies),
            };
            // 1-second slots over ~3 days' worth of seconds spread across the month: many shared seconds, some shared milliseconds.
            var second = start + (faker.Random.Int(0, 2_500) * 1_000L);
            var updatedMs = (second * 1000) + faker.PickRandom(0, 0, 250, 500);
            store.Seed(invoice, updatedMs);
            if (type == "ACCREC" && paid > 0)
            {
                var paidOn = date.AddDays(faker.Random.Int(0, 40));
                var today = DateOnly.FromDateTime(now.UtcDateTime);
                payments.Seed(Payment(faker, invoice, paid, paidOn > today ? today : paidOn), updatedMs);
            }
        }
    }

    internal static JsonObject Payment(Faker faker, JsonObject invoice, decimal amount, DateOnly date) => new()
    {
        ["PaymentID"] = new Guid(faker.Random.Bytes(16)).ToString(),
        ["Date"] = XeroInvoiceStore.JsonDate(date),
        ["Amount"] = amount,
        ["Reference"] = faker.Random.Bool(0.5f) ? $"TT {faker.Random.Int(100_000, 999_999)}" : null,
        ["CurrencyRate"] = 1.0m,
        ["PaymentType"] = "ACCRECPAYMENT",
        ["Status"] = "AUTHORISED",
        ["IsReconciled"] = faker.Random.Bool(0.7f),
        ["Account"] = new JsonObject { ["AccountID"] = "5040915e-8ce7-4177-8d08-fde416232f18", ["Code"] = "090" },
        ["Invoice"] = new JsonObject
        {
            ["InvoiceID"] = invoice["InvoiceID"]!.DeepClone(),
            ["InvoiceNumber"] = invoice["InvoiceNumber"]!.DeepClone(),
            ["Type"] = "ACCREC",
            ["CurrencyCode"] = invoice["CurrencyCode"]!.DeepClone(),
            ["Contact"] = new JsonObject { ["ContactID"] = invoice["Contact"]!["ContactID"]!.DeepClone(), ["Name"] = invoice["Contact"]!["Name"]!.DeepClone() },
        },
    };
}
