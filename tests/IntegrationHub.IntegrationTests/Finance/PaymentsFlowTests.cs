using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors;
using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Sandbox.Xero;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Finance;

/// <summary>
/// Payments in <c>finance-receivables.yaml</c>: each Xero payment of a customer the CRM has becomes one Fxiaoke PaymentObj
/// under that account; a payment read before its invoice is kept; a deleted one is voided; nothing unchanged is rewritten.
/// </summary>
public sealed class PaymentsFlowTests
{
    [Fact]
    public async Task APaymentReachesTheCrmOnce_EvenReadBeforeItsInvoice_AndADeletedOneIsVoided()
    {
        await using var hub = await ReceivablesFlowTests.StartAsync();
        var xero = hub.Sandbox<XeroSandbox>("xero");
        var contact = xero.Contacts.Get("CUST0003")!;
        var accountId = hub.Crm.Records.Create("AccountObj", new JsonObject { ["name"] = (string?)contact["Name"] }, null);
        var links = hub.App.Services.GetRequiredService<ICrossReferenceStore>();
        var customer = Guid.NewGuid();
        await links.LinkAsync(customer, new RecordIdentity("xero", CanonicalEntity.Customer, (string)contact["ContactID"]!));
        await links.LinkAsync(customer, new RecordIdentity("fxiaoke", CanonicalEntity.Customer, accountId));
        var seededForCustomer = xero.Payments.List(null).Count(p => (string?)p["Invoice"]!["Contact"]!["ContactID"] == (string?)contact["ContactID"]);

        await hub.RunWorkflowAsync("finance-receivables", new { });
        var afterSeed = hub.Crm.Records.Count("PaymentObj");
        // A new invoice for the customer, read only later (its read cursor is moved past it), paid twice meanwhile.
        var created = Assert.Single(await hub.App.Services.GetRequiredService<ConnectorRegistry>().GetUpserter("xero", CanonicalEntity.Receivable).UpsertAsync([Invoice("INV-PAY-1")]));
        var reader = hub.App.Services.GetRequiredService<ConnectorRegistry>().GetReader("xero", CanonicalEntity.Receivable);
        await hub.App.Services.GetRequiredService<IConnectorCursorStore>().SaveAsync("finance-receivables/xero/receivable/default", reader.CursorAt(DateTimeOffset.UtcNow.AddMinutes(1))!);
        var first = xero.Payments.Pay("INV-PAY-1", 500m, new DateOnly(2026, 11, 28), "TT 881");
        var second = xero.Payments.Pay("INV-PAY-1", 100m, new DateOnly(2026, 11, 30));
        await hub.RunWorkflowAsync("finance-receivables", new { });
        var beforeInvoice = await hub.GetJsonAsync($"api/v1/receivables?customer={customer}&pageSize=1000");
        var stored = await hub.App.Services.GetRequiredService<IReceivableStore>().ListPaymentsAsync(customer);
        xero.Payments.Delete(second);
        await hub.RunWorkflowAsync("finance-receivables", new { });
        string CrmState() => string.Join("\n", hub.Crm.Records.All("PaymentObj").Concat(hub.Crm.Records.All("AccountObj")).Select(r => r.ToJsonString()));
        var before = CrmState();
        await hub.RunWorkflowAsync("finance-receivables", new { }); // nothing changed
        var quietWrites = before == CrmState() ? 0 : 1;
        using var backfill = await hub.Http.PostAsync("api/v1/flows/finance-receivables/backfill", null); // the invoice now
        await Eventually.Await(async () => (await hub.GetJsonAsync("api/v1/flows")).GetProperty("flows").EnumerateArray()
            .Single(f => f.GetProperty("flow").GetString() == "finance-receivables").GetProperty("backfill"), b => b.GetProperty("state").GetString() is "finished" or "faulted");
        var afterInvoice = await hub.GetJsonAsync($"api/v1/receivables?customer={customer}&pageSize=1000");

        Assert.True(created.Succeeded, created.Error?.Message);
        Assert.Equal(seededForCustomer, afterSeed); // only the linked customer's payments go to the CRM
        Assert.DoesNotContain(beforeInvoice.GetProperty("receivables").EnumerateArray(), r => r.GetProperty("invoiceNumber").GetString() == "INV-PAY-1");
        Assert.Contains(stored, p => p.PaymentId == first && p.Amount == 500m && p.PaidOn == new DateOnly(2026, 11, 28)); // kept before its invoice
        var mine = hub.Crm.Records.All("PaymentObj").Where(p => (string?)p["external_payment_no__c"] is { } n && (n == first || n == second)).ToList();
        Assert.Equal(2, mine.Count); // once each, through four runs and a backfill
        Assert.All(mine, p => Assert.Equal(accountId, (string?)p["account_id"]));
        Assert.Equal("invalid", (string?)mine.Single(p => (string?)p["external_payment_no__c"] == second)["life_status"]);
        Assert.Equal("normal", (string?)mine.Single(p => (string?)p["external_payment_no__c"] == first)["life_status"]);
        Assert.Equal(500m, mine.Single(p => (string?)p["external_payment_no__c"] == first)["payment_amount"]!.GetValue<decimal>());
        Assert.Equal(0, quietWrites); // nothing written to the CRM (its health checks may still call it)
        var invoice = afterInvoice.GetProperty("receivables").EnumerateArray().Single(r => r.GetProperty("invoiceNumber").GetString() == "INV-PAY-1");
        Assert.Equal((500m, "open"), (invoice.GetProperty("paid").GetDecimal(), invoice.GetProperty("status").GetString()));
        var quarantine = await hub.GetJsonAsync("api/v1/quarantine");
        Assert.True(0 == (await hub.FlowAsync("finance-receivables")).GetProperty("records").GetProperty("quarantined").GetInt32(), quarantine.ToString());
    }

    private static CanonicalRecord Invoice(string number) => new("erp", CanonicalEntity.Receivable, "erp-" + number, 1, JsonSerializer.SerializeToElement(new
    {
        invoiceNumber = number,
        status = "open",
        customer = new { number = "CUST0003", name = "ignored" },
        issueDate = "2026-11-23",
        dueDate = "2026-12-23",
        currency = "NZD",
        lines = new[] { new { description = "Ball valve DN25", quantity = 10m, unitAmount = 86.50m, accountCode = "200" } },
    }));
}
