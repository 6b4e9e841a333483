using IntegrationHub.Sandbox.Xero;

namespace IntegrationHub.Connectors.Xero.Tests.Sandbox;

/// <summary>Payments on receivables, against the sandbox: every seeded payment once, then only new and deleted ones; paying moves the invoice.</summary>
public sealed class XeroPaymentTests
{
    [Fact]
    public async Task Read_EveryPaymentOnce_ThenANewPaymentAndADeletion_AndTheInvoiceFollows()
    {
        await using var sandbox = await XeroSandbox.StartAsync(new XeroSandboxOptions { Contacts = 20, Invoices = 400 });
        await using var harness = XeroHarness.ForSandbox(sandbox);
        var open = sandbox.Invoices.All("ACCREC").First(i => (string?)i["Status"] == "AUTHORISED" && (decimal)i["AmountPaid"]! == 0m);
        var invoiceId = (string)open["InvoiceID"]!;
        var due = (decimal)open["AmountDue"]!;

        var pages = await harness.ReadAllAsync(entity: CanonicalEntity.Payment);
        var first = sandbox.Payments.Pay(invoiceId, due - 10m, new DateOnly(2026, 11, 30), "TT 1");
        var second = sandbox.Payments.Pay(invoiceId, 10m, new DateOnly(2026, 12, 1));
        var paid = sandbox.Invoices.Get(invoiceId)!;
        sandbox.Payments.Delete(second);
        var reopened = sandbox.Invoices.Get(invoiceId)!;
        var again = (await harness.ReadAllAsync(pages[^1].Cursor, CanonicalEntity.Payment)).SelectMany(p => p.Records).ToList();
        var tooMuch = Assert.Throws<InvalidOperationException>(() => sandbox.Payments.Pay(invoiceId, 11m, new DateOnly(2026, 12, 1)));

        var records = pages.SelectMany(p => p.Records).ToList();
        Assert.True(records.Count > 50, $"{records.Count} seeded payments");
        Assert.Equal(records.Count, sandbox.Payments.Count - 2);
        Assert.Equal(records.Count, records.Select(r => r.ExternalId).Distinct().Count());
        Assert.Equal(("PAID", 0m), ((string?)paid["Status"], (decimal)paid["AmountDue"]!));
        Assert.Equal(("AUTHORISED", 10m), ((string?)reopened["Status"], (decimal)reopened["AmountDue"]!));
        Assert.Equal(new[] { first, second }.Order(), again.Select(r => r.ExternalId).Order()); // only the changed ones
        var deleted = again.Single(r => r.ExternalId == second).Payload;
        Assert.Equal(("deleted", 10m, "2026-12-01"), (deleted.GetProperty("status").GetString(), deleted.GetProperty("amount").GetDecimal(), deleted.GetProperty("paidOn").GetString()));
        var made = again.Single(r => r.ExternalId == first).Payload;
        Assert.Equal((invoiceId, "authorised", due - 10m), (made.GetProperty("invoiceId").GetString(), made.GetProperty("status").GetString(), made.GetProperty("amount").GetDecimal()));
        Assert.Equal((string?)open["Contact"]!["ContactID"], made.GetProperty("customer").GetProperty("id").GetString());
        Assert.Contains("exceeds the amount due", tooMuch.Message, StringComparison.Ordinal);
    }
}
