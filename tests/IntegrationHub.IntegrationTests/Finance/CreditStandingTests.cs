using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors;
using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Sandbox.Xero;
using IntegrationHub.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Finance;

/// <summary>
/// A customer's credit standing on its Fxiaoke account, from <c>finance-receivables.yaml</c> and
/// <c>finance-credit-nightly.yaml</c>: overdue per currency, oldest overdue days, hold/watch/ok; unchanged, no call.
/// </summary>
public sealed class CreditStandingTests
{
    [Fact]
    public async Task OverdueInvoices_PutTheAccountOnHold_APaymentLiftsIt_AndAnUnchangedNightlyRunWritesNothing()
    {
        var nightlyFlow = File.ReadAllText(Path.Combine(Repository.Root, "workflows", "finance-credit-nightly.yaml"));
        await using var hub = await ReceivablesFlowTests.StartAsync(workflows: new Dictionary<string, string> { ["finance-credit-nightly.yaml"] = nightlyFlow });
        var xero = hub.Sandbox<XeroSandbox>("xero");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var upserter = hub.App.Services.GetRequiredService<ConnectorRegistry>().GetUpserter("xero", CanonicalEntity.Receivable);
        var created = await upserter.UpsertAsync([Invoice("INV-CR-1", "CNY", 1000m, today.AddDays(-70)), Invoice("INV-CR-2", "USD", 40m, today.AddDays(-10)), Invoice("INV-CR-3", "CNY", 500m, today.AddDays(20))]);
        Assert.All(created, r => Assert.True(r.Succeeded, r.Error?.Message));
        var accountId = hub.Crm.Records.Create("AccountObj", new JsonObject { ["name"] = "Credit Cranes Ltd" }, null);
        var customer = Guid.NewGuid();
        var links = hub.App.Services.GetRequiredService<ICrossReferenceStore>();
        await links.LinkAsync(customer, new RecordIdentity("xero", CanonicalEntity.Customer, (string)xero.Contacts.Get("CRED-1")!["ContactID"]!));
        await links.LinkAsync(customer, new RecordIdentity("fxiaoke", CanonicalEntity.Customer, accountId));
        decimal Total(string number) => (decimal)xero.Invoices.Get(number)!["Total"]!;

        await hub.RunWorkflowAsync("finance-receivables", new { });
        var held = hub.Crm.Records.Get("AccountObj", accountId)!;
        xero.Payments.Pay("INV-CR-1", Total("INV-CR-1"), today);
        await hub.RunWorkflowAsync("finance-receivables", new { });
        var lifted = hub.Crm.Records.Get("AccountObj", accountId)!;
        var nightly = await hub.RunWorkflowAsync("finance-credit-nightly", new { });
        var afterNightly = hub.Crm.Records.Get("AccountObj", accountId)!;

        Assert.Equal("hold", (string?)held["credit_status__c"]);
        Assert.Equal(70, (int)held["oldest_overdue_days__c"]!);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"CNY {Total("INV-CR-1")}; USD {Total("INV-CR-2")}"), (string?)held["overdue_amounts__c"]); // not yet due INV-CR-3 is not overdue
        Assert.Equal("Credit Cranes Ltd", (string?)held["name"]); // only the credit fields were written
        Assert.Equal(("ok", 10), ((string?)lifted["credit_status__c"], (int)lifted["oldest_overdue_days__c"]!)); // 10 days is below the 31-day watch line
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"USD {Total("INV-CR-2")}"), (string?)lifted["overdue_amounts__c"]);
        Assert.Equal(lifted.ToJsonString(), afterNightly.ToJsonString()); // the nightly run found the standing unchanged: no write
        Assert.Equal(1, nightly.GetProperty("variables").GetProperty("standing").GetArrayLength()); // it did evaluate the customer
    }

    private static CanonicalRecord Invoice(string number, string currency, decimal unit, DateOnly due) => new("erp", CanonicalEntity.Receivable, "erp-" + number, 1, JsonSerializer.SerializeToElement(new
    {
        invoiceNumber = number,
        status = "open",
        customer = new { number = "CRED-1", name = "Credit Cranes Ltd" },
        issueDate = due.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        dueDate = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        currency,
        lines = new[] { new { description = "Gantry crane service", quantity = 1m, unitAmount = unit, accountCode = "200" } },
    }));
}
