using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors;
using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>
/// The repository's Kingdee order flows (<c>kingdee-orders.yaml</c> -> <c>erp.order-changes</c> ->
/// <c>erp-order-changes-to-crm.yaml</c>) with <c>crm-customers.yaml</c>, on the whole hub against the sandboxes: an ERP
/// order whose customer the hub does not know yet parks, and completes under the right CRM account when the customer
/// arrives from the CRM; one whose customer never arrives becomes an incident after the timeout.
/// </summary>
public sealed class KingdeeOrderFlowTests
{
    [Fact]
    public async Task AnOrderBeforeItsCustomer_Parks_AndLandsUnderTheAccountWhenTheCustomerArrives()
    {
        await using var hub = await StartAsync(timeout: "P1D");
        await SkipTheSeededOrdersAsync(hub);
        await ErpAsync(hub, Customer("CUST-77", "Harbour Cranes"), Order("SO-77", "CUST-77"));

        await hub.RunWorkflowAsync("kingdee-orders", new { });
        var parked = await Eventually.Await(() => InstancesAsync(hub, "Suspended"), list => list.Count == 1, because: "the order parks for its customer");
        var waiting = await hub.GetJsonAsync($"api/v1/workflow-instances/{parked[0]}");
        var flow = await hub.FlowAsync("erp-order-changes-to-crm");
        var accountId = hub.Crm.Records.Create("AccountObj", new JsonObject { ["name"] = "Harbour Cranes", ["erp_customer_no__c"] = "CUST-77", ["tel"] = "13600136000" }, null);
        await hub.RunWorkflowAsync("crm-customers", new { });
        var order = await Eventually.Await(() => hub.Crm.Records.Query("SalesOrderObj", r => (string?)r["erp_order_no__c"] == "SO-77"), l => l.Count == 1, because: "the parked order completes");
        var finished = await Eventually.Await(() => InstancesAsync(hub, "Finished"), list => list.Count == 1);
        await hub.RunWorkflowAsync("kingdee-orders", new { }); // nothing changed: no second event, no second order

        var bookmark = Assert.Single(waiting.GetProperty("bookmarks").EnumerateArray());
        Assert.Contains("CUST-77", bookmark.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(1, flow.GetProperty("parked").GetProperty("customer.arrived").GetInt32());
        Assert.Equal(parked[0], finished[0]);
        Assert.Equal(accountId, (string?)order[0]["account_id"]);
        Assert.Equal("1", (string?)order[0]["order_status"]); // created in the ERP: to be confirmed
        Assert.Single(hub.Crm.Records.Query("AccountObj", r => (string?)r["erp_customer_no__c"] == "CUST-77"));
        Assert.Equal(1, await hub.CountRowsAsync("record_events WHERE event_type = 'hub.order.changed'"));
    }

    [Fact]
    public async Task AnOrderWhoseCustomerNeverArrives_BecomesAnIncident_NotADeadLetter()
    {
        await using var hub = await StartAsync(timeout: "PT1S");
        await SkipTheSeededOrdersAsync(hub);
        await ErpAsync(hub, Customer("CUST-78", "Silent Steel"), Order("SO-78", "CUST-78"));

        await hub.RunWorkflowAsync("kingdee-orders", new { });
        var faulted = await Eventually.Await(() => InstancesAsync(hub, "Faulted"), list => list.Count == 1, because: "the timeout makes an incident");

        var instance = await hub.GetJsonAsync($"api/v1/workflow-instances/{faulted[0]}");
        Assert.Contains("customer CUST-78 did not arrive", instance.GetProperty("incident").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(hub.Crm.Records.Query("SalesOrderObj", r => (string?)r["erp_order_no__c"] == "SO-78"));
    }

    [Fact]
    public async Task ACrmConfirmation_ApprovesTheErpOrder_AndTheHubsOwnWritesComingBackAreEchoes_NotAPingPong()
    {
        await using var hub = await StartAsync(timeout: "P1D");
        await SkipTheSeededOrdersAsync(hub);
        await ErpAsync(hub, Customer("CUST-79", "Delta Drives"), Order("SO-79", "CUST-79"));
        hub.Crm.Records.Create("AccountObj", new JsonObject { ["name"] = "Delta Drives", ["erp_customer_no__c"] = "CUST-79" }, null);
        await hub.RunWorkflowAsync("crm-customers", new { });
        await hub.RunWorkflowAsync("kingdee-orders", new { });
        var crmOrder = (await Eventually.Await(() => hub.Crm.Records.Query("SalesOrderObj", r => (string?)r["erp_order_no__c"] == "SO-79"), l => l.Count == 1))[0];
        await hub.RunWorkflowAsync("crm-order-status-to-erp", new { }); // the hub's own write, status 1: nothing to do

        hub.Crm.Records.Update("SalesOrderObj", (string)crmOrder["_id"]!, new JsonObject { ["order_status"] = "2" }, null); // a sales rep confirms
        await hub.RunWorkflowAsync("crm-order-status-to-erp", new { });
        var approved = (string?)Erp(hub).Sandbox.Store.Field("SAL_SaleOrder", "SO-79", "FDocumentStatus");
        await hub.RunWorkflowAsync("kingdee-orders", new { }); // the approval comes back as an ERP change ...
        await Eventually.Await(() => hub.FlowAsync("erp-order-changes-to-crm"), f => f.GetProperty("records").GetProperty("upserted").GetInt32() == 2);
        var erpCalls = Erp(hub).Faults.Counts.Requests;
        await hub.RunWorkflowAsync("crm-order-status-to-erp", new { }); // ... and its CRM write comes back here: an echo
        var echoCalls = Erp(hub).Faults.Counts.Requests - erpCalls;
        var quiet = await hub.RunWorkflowAsync("kingdee-orders", new { });
        var back = await hub.FlowAsync("crm-order-status-to-erp");
        var orders = await hub.FlowAsync("erp-order-changes-to-crm");

        Assert.Equal("C", approved);
        Assert.Equal("2", (string?)hub.Crm.Records.Get("SalesOrderObj", (string)crmOrder["_id"]!)!["order_status"]);
        Assert.Equal((1, 1), (back.GetProperty("records").GetProperty("upserted").GetInt32(), back.GetProperty("records").GetProperty("echoes").GetInt32()));
        Assert.Equal(1, echoCalls); // the echo cost one read (View), no Submit or Audit
        Assert.Equal(0, quiet.GetProperty("variables").GetProperty("read").GetInt32()); // nothing changed in the ERP again: the loop ended
        var cursor = Assert.Single(back.GetProperty("cursors").EnumerateArray());
        Assert.InRange(cursor.GetProperty("lagSeconds").GetDouble(), 0, 60); // its last read reached the end of the CRM's changes
        Assert.Equal(0, orders.GetProperty("consumerLag").GetInt64()); // every record of erp.order-changes was read
        Assert.Equal(JsonValueKind.Null, (await hub.FlowAsync("crm-customers")).GetProperty("consumerLag").ValueKind); // not a Kafka flow
    }

    [Fact]
    public async Task AnErpClerksEdits_ReachTheCrmOrder_AndAnAuditInTheErpConfirmsItWithoutAWriteBack()
    {
        await using var hub = await StartAsync(timeout: "P1D");
        await SkipTheSeededOrdersAsync(hub);
        await ErpAsync(hub, Customer("CUST-80", "Estuary Pumps"), Order("SO-80", "CUST-80"));
        hub.Crm.Records.Create("AccountObj", new JsonObject { ["name"] = "Estuary Pumps", ["erp_customer_no__c"] = "CUST-80" }, null);
        await hub.RunWorkflowAsync("crm-customers", new { });
        await hub.RunWorkflowAsync("kingdee-orders", new { });
        var id = (string)(await Eventually.Await(() => hub.Crm.Records.Query("SalesOrderObj", r => (string?)r["erp_order_no__c"] == "SO-80"), l => l.Count == 1))[0]["_id"]!;
        var first = (decimal)hub.Crm.Records.Get("SalesOrderObj", id)!["order_amount"]!;

        Erp(hub).Sandbox.Users.ChangeQuantity("SO-80", 7); // a clerk corrects the quantity before submitting
        await hub.RunWorkflowAsync("kingdee-orders", new { });
        var changed = await Eventually.Await(() => hub.Crm.Records.Get("SalesOrderObj", id)!, o => (decimal)o["order_amount"]! != first, because: "the ERP owns the order lines");
        Erp(hub).Sandbox.Users.Audit("SO-80"); // ... then audits it in the ERP
        var refused = Assert.Throws<InvalidOperationException>(() => Erp(hub).Sandbox.Users.ChangeQuantity("SO-80", 9));
        await hub.RunWorkflowAsync("kingdee-orders", new { });
        await Eventually.Await(() => hub.Crm.Records.Get("SalesOrderObj", id)!, o => (string?)o["order_status"] == "2", because: "approved in the ERP: confirmed in the CRM");
        await hub.RunWorkflowAsync("crm-order-status-to-erp", new { });
        var back = await hub.FlowAsync("crm-order-status-to-erp");

        var amount = Erp(hub).Sandbox.Store.Field("SAL_SaleOrder", "SO-80", "FBillAllAmount")!.GetValue<decimal>();
        Assert.Equal(amount, (decimal)changed["order_amount"]!);
        Assert.Contains("audited", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, back.GetProperty("records").GetProperty("upserted").GetInt32()); // nothing to submit: the ERP did it
        Assert.Single(hub.Crm.Records.Query("SalesOrderObj", r => (string?)r["erp_order_no__c"] == "SO-80"));
    }

    private static (Sandbox.Kingdee.KingdeeSandbox Sandbox, Sandbox.Faults.SandboxFaults Faults) Erp(HubTestHost hub)
    {
        var running = hub.Sandboxes.Systems.Single(s => s.System == "kingdee");
        return ((Sandbox.Kingdee.KingdeeSandbox)running.Owner, running.Faults);
    }

    private static async Task<HubTestHost> StartAsync(string timeout)
    {
        var topic = SharedKafka.UniqueName("erp.order-changes");
        string Flow(string file) => File.ReadAllText(Path.Combine(Repository.Root, "workflows", file))
            .Replace("interval: PT1M", "interval: PT1H", StringComparison.Ordinal)
            .Replace("erp.order-changes", topic, StringComparison.Ordinal)
            .Replace("group: hub.erp-order-changes-to-crm", $"group: {SharedKafka.UniqueName("hub")}", StringComparison.Ordinal)
            .Replace("timeout: P1D", $"timeout: {timeout}", StringComparison.Ordinal)
            .Replace("topic: crm.customers", $"topic: {SharedKafka.UniqueName("crm.customers")}", StringComparison.Ordinal);
        return await HubTestHost.StartAsync(
            new Dictionary<string, string?> { ["Kafka:Topics:0"] = topic },
            new Dictionary<string, string>
            {
                ["kingdee-orders.yaml"] = Flow("kingdee-orders.yaml"),
                ["erp-order-changes-to-crm.yaml"] = Flow("erp-order-changes-to-crm.yaml"),
                ["crm-customers.yaml"] = Flow("crm-customers.yaml"),
                ["crm-order-status-to-erp.yaml"] = Flow("crm-order-status-to-erp.yaml"),
            });
    }

    /// <summary>The ERP sandbox is seeded with a month of orders for customers the CRM never gets: read from now on (as a backfill from a time would).</summary>
    private static async Task SkipTheSeededOrdersAsync(HubTestHost hub)
    {
        var reader = hub.App.Services.GetRequiredService<ConnectorRegistry>().GetReader("kingdee", CanonicalEntity.Order);
        var cursor = reader.CursorAt(DateTimeOffset.UtcNow.AddSeconds(-1)) ?? throw new InvalidOperationException("kingdee reads from a time");
        await hub.App.Services.GetRequiredService<IConnectorCursorStore>().SaveAsync("kingdee-orders/kingdee/order/default", cursor);
    }

    /// <summary>An ERP user keys in a customer and an order (through the Kingdee connector, as any K3Cloud client would).</summary>
    private static async Task ErpAsync(HubTestHost hub, CanonicalRecord customer, CanonicalRecord order)
    {
        var registry = hub.App.Services.GetRequiredService<ConnectorRegistry>();
        Assert.All(await registry.GetUpserter("kingdee", CanonicalEntity.Customer).UpsertAsync([customer]), r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.All(await registry.GetUpserter("kingdee", CanonicalEntity.Order).UpsertAsync([order]), r => Assert.True(r.Succeeded, r.Error?.Message));
    }

    private static async Task<List<string>> InstancesAsync(HubTestHost hub, string status) =>
        (await hub.GetJsonAsync($"api/v1/workflow-instances?definitionId=erp-order-changes-to-crm&status={status}"))
            .EnumerateArray().Select(i => i.GetProperty("instanceId").GetString()!).ToList();

    private static CanonicalRecord Customer(string number, string name) =>
        new("erp-user", CanonicalEntity.Customer, number, 1, JsonSerializer.SerializeToElement(new { number, name, currency = "CNY" }));

    private static CanonicalRecord Order(string number, string customer) =>
        new("erp-user", CanonicalEntity.Order, number, 1, JsonSerializer.SerializeToElement(new
        {
            orderNumber = number,
            customerNumber = customer,
            orderDate = "2026-11-23",
            currency = "CNY",
            lines = new[] { new { sku = "MAT-VALVE-25", quantity = 3m, unitPrice = 86.50m, taxRate = 0.13m } },
        }));
}
