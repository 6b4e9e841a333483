using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Sandbox.Kingdee;

namespace IntegrationHub.Connectors.Kingdee.Tests.Sandbox;

/// <summary>Sales orders moved through K3Cloud's document workflow (Submit, Audit) by the connector, against the sandbox's rules.</summary>
public sealed class KingdeeStatusTests
{
    [Fact]
    public async Task ApproveACreatedOrder_SubmitsThenAudits_ThenItIsUnchangedWithoutACall()
    {
        await using var sandbox = await KingdeeSandbox.StartAsync(new KingdeeSandboxOptions { Customers = 2, Orders = 0 });
        await using var harness = KingdeeHarness.ForSandbox(sandbox);
        await harness.Orders.Upserter!.UpsertAsync([Order("SO-S1")]);
        var changer = harness.Orders.StatusChanger!;

        var first = await changer.ChangeStatusAsync("SO-S1", "approved");
        var audits = harness.Attempts("Audit");
        var again = await changer.ChangeStatusAsync("SO-S1", "approved");
        var read = await harness.Orders.Lookup!.GetAsync("SO-S1");

        Assert.Equal(new StatusChangeResult(StatusChangeOutcome.Changed, "approved"), first);
        Assert.Equal((1, 1), (harness.Attempts("Submit"), audits));
        Assert.Equal(StatusChangeOutcome.Unchanged, again.Outcome);
        Assert.Equal(audits, harness.Attempts("Audit"));
        Assert.Equal("C", (string?)sandbox.Store.Field("SAL_SaleOrder", "SO-S1", "FDocumentStatus"));
        Assert.Equal("approved", read!.Payload.GetProperty("status").GetString());
    }

    [Fact]
    public async Task BackwardsUnknownAndRefusedChanges_AreNotAllowedOrNotFound_WithTheReason()
    {
        await using var sandbox = await KingdeeSandbox.StartAsync(new KingdeeSandboxOptions { Customers = 2, Orders = 0 });
        await using var harness = KingdeeHarness.ForSandbox(sandbox);
        await harness.Orders.Upserter!.UpsertAsync([Order("SO-S2"), Order("SO-S3")]);
        var changer = harness.Orders.StatusChanger!;
        await changer.ChangeStatusAsync("SO-S2", "approved");
        sandbox.Store.Set("SAL_SaleOrder", "SO-S3", "FDocumentStatus", JsonValue.Create("B")); // submitted by hand in the ERP

        var backwards = await changer.ChangeStatusAsync("SO-S2", "created");
        var missing = await changer.ChangeStatusAsync("SO-NONE", "approved");
        var inReview = await changer.ChangeStatusAsync("SO-S3", "in-review");
        var fromReview = await changer.ChangeStatusAsync("SO-S3", "approved");

        Assert.Equal(StatusChangeOutcome.NotAllowed, backwards.Outcome);
        Assert.Contains("forward only", backwards.Reason, StringComparison.Ordinal);
        Assert.Equal(StatusChangeOutcome.NotFound, missing.Outcome);
        Assert.Equal(StatusChangeOutcome.Unchanged, inReview.Outcome);
        Assert.Equal(new StatusChangeResult(StatusChangeOutcome.Changed, "approved"), fromReview);
        Assert.Null(harness.Customers.StatusChanger);
        await Assert.ThrowsAsync<FormatException>(() => changer.ChangeStatusAsync("SO-S3", "shipped"));
    }

    private static CanonicalRecord Order(string number) =>
        new("crm", CanonicalEntity.Order, "crm-" + number, 1, JsonSerializer.SerializeToElement(new
        {
            orderNumber = number,
            customerNumber = "CUST0001",
            orderDate = "2026-11-23",
            currency = "CNY",
            lines = new[] { new { sku = "MAT-VALVE-25", quantity = 3m, unitPrice = 86.50m, taxRate = 0.13m } },
        }));
}
