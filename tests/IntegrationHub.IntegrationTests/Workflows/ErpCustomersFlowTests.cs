using System.Text.Json.Nodes;
using IntegrationHub.Connectors;
using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Sandbox.Kingdee;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>
/// The repository's <c>workflows/erp-customers.yaml</c> with <c>crm-customers.yaml</c> and the Kingdee order flows, on the
/// whole hub against the sandboxes: a customer keyed into the ERP reaches the CRM once, then goes on to finance like a CRM
/// customer; its parked order completes under that account; the hub's own ERP writes (a CRM-born customer, the
/// write-back of an ERP-born one) come back as echoes and never create a second account.
/// </summary>
public sealed class ErpCustomersFlowTests : IAsyncLifetime
{
    private HubTestHost _hub = null!;

    public async Task InitializeAsync()
    {
        var topic = SharedKafka.UniqueName("erp.order-changes");
        string Flow(string file) => File.ReadAllText(Path.Combine(Repository.Root, "workflows", file))
            .Replace("interval: PT1M", "interval: PT1H", StringComparison.Ordinal)
            .Replace("erp.order-changes", topic, StringComparison.Ordinal)
            .Replace("group: hub.erp-order-changes-to-crm", $"group: {SharedKafka.UniqueName("hub")}", StringComparison.Ordinal)
            .Replace("topic: crm.customers", $"topic: {SharedKafka.UniqueName("crm.customers")}", StringComparison.Ordinal);
        _hub = await HubTestHost.StartAsync(
            new Dictionary<string, string?> { ["Kafka:Topics:0"] = topic },
            new Dictionary<string, string>
            {
                ["erp-customers.yaml"] = Flow("erp-customers.yaml"),
                ["crm-customers.yaml"] = Flow("crm-customers.yaml"),
                ["kingdee-orders.yaml"] = Flow("kingdee-orders.yaml"),
                ["erp-order-changes-to-crm.yaml"] = Flow("erp-order-changes-to-crm.yaml"),
            });

        // The sandbox ERP is seeded with customers and a month of orders: these tests read from now on, as a backfill from a time would.
        var registry = _hub.App.Services.GetRequiredService<ConnectorRegistry>();
        var cursors = _hub.App.Services.GetRequiredService<IConnectorCursorStore>();
        foreach (var (key, entity) in new[] { ("erp-customers/kingdee/customer/default", CanonicalEntity.Customer), ("kingdee-orders/kingdee/order/default", CanonicalEntity.Order) })
        {
            await cursors.SaveAsync(key, registry.GetReader("kingdee", entity).CursorAt(DateTimeOffset.UtcNow.AddSeconds(-1))!);
        }

        await _hub.RunWorkflowAsync("crm-customers", new { }); // catch up with whatever the sandbox CRM holds
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private KingdeeSandbox Erp => _hub.Sandbox<KingdeeSandbox>("kingdee");

    [Fact]
    public async Task AnErpBornCustomer_ReachesTheCrmOnce_ItsParkedOrderCompletes_AndTheWriteBackIsAnEcho()
    {
        Erp.Users.CreateCustomer("ERP00042", "Prospect Machinery 0042");
        Erp.Users.CreateOrder("SO-ERP-42", "ERP00042", KingdeeUsers.Materials[0], 3);

        await _hub.RunWorkflowAsync("kingdee-orders", new { });
        await Eventually.Await(() => ParkedAsync(), n => n == 1, because: "the order parks: the CRM has no account for ERP00042");
        var first = await _hub.RunWorkflowAsync("erp-customers", new { });
        var accounts = _hub.Crm.Records.Query("AccountObj", a => (string?)a["erp_customer_no__c"] == "ERP00042");
        var order = await Eventually.Await(() => _hub.Crm.Records.Query("SalesOrderObj", o => (string?)o["erp_order_no__c"] == "SO-ERP-42"), l => l.Count == 1,
            because: "customer.arrived completes the parked order");
        await _hub.RunWorkflowAsync("crm-customers", new { }); // the new account goes on to the ERP (write-back), finance and marketing
        var hubVersion = Erp.Store.Field("BD_Customer", "ERP00042", "F_HUB_SourceVersion");
        var crmCalls = CrmCalls();
        var again = await _hub.RunWorkflowAsync("erp-customers", new { }); // reads the write-back: an echo

        Assert.Equal(1, first.GetProperty("variables").GetProperty("read").GetInt32());
        var account = Assert.Single(accounts);
        Assert.Equal("Prospect Machinery 0042", (string?)account["name"]);
        Assert.Equal((string?)account["_id"], (string?)order[0]["account_id"]);
        Assert.Equal(0, await ParkedAsync());
        Assert.NotNull(hubVersion);
        Assert.Equal(1, again.GetProperty("variables").GetProperty("read").GetInt32());
        Assert.Equal(crmCalls, CrmCalls());
        Assert.Single(_hub.Crm.Records.Query("AccountObj", a => (string?)a["erp_customer_no__c"] == "ERP00042"));
        Assert.NotNull(Finance().Contacts.Get("ERP00042"));
    }

    [Fact]
    public async Task ACrmBornCustomer_WrittenToTheErp_IsNotBroughtBackAsASecondAccount()
    {
        var id = _hub.Crm.Records.Create("AccountObj", new JsonObject { ["name"] = "Lotus Valves", ["tel"] = "13800138000" }, null);
        await _hub.RunWorkflowAsync("crm-customers", new { });
        var accounts = _hub.Crm.Records.All("AccountObj").Count;
        var crmCalls = CrmCalls();

        var run = await _hub.RunWorkflowAsync("erp-customers", new { });

        Assert.NotNull(Erp.Store.Field("BD_Customer", "CRM-" + id, "FName"));
        Assert.Equal(1, run.GetProperty("variables").GetProperty("read").GetInt32());
        Assert.Equal(accounts, _hub.Crm.Records.All("AccountObj").Count);
        Assert.Equal(crmCalls, CrmCalls());
    }

    [Fact]
    public async Task AnErpCustomerTheCrmRefuses_IsQuarantinedWithTheCrmsReason_AndTheOthersGoOn()
    {
        Erp.Users.CreateCustomer("ERP00043", " ");
        Erp.Users.CreateCustomer("ERP00044", "Prospect Machinery 0044");

        await _hub.RunWorkflowAsync("erp-customers", new { });

        var entry = Assert.Single((await _hub.GetJsonAsync("api/v1/quarantine?flow=erp-customers")).GetProperty("records").EnumerateArray());
        Assert.Equal("ERP00043", entry.GetProperty("record").GetProperty("externalId").GetString());
        Assert.Contains("name", entry.GetProperty("reasons").GetProperty("fxiaoke").GetString(), StringComparison.Ordinal);
        Assert.Single(_hub.Crm.Records.Query("AccountObj", a => (string?)a["erp_customer_no__c"] == "ERP00044"));
        Assert.Empty(_hub.Crm.Records.Query("AccountObj", a => (string?)a["erp_customer_no__c"] == "ERP00043"));
    }

    [Fact]
    public async Task TheErpsSeededCustomers_ReachTheCrm_AndMostPassItsChecks_AsRealCompaniesWould()
    {
        await _hub.App.Services.GetRequiredService<IConnectorCursorStore>().SaveAsync("erp-customers/kingdee/customer/default",
            _hub.App.Services.GetRequiredService<ConnectorRegistry>().GetReader("kingdee", CanonicalEntity.Customer).CursorAt(DateTimeOffset.UnixEpoch)!);
        var seeded = Erp.Store.Count("BD_Customer");

        var run = await _hub.RunWorkflowAsync("erp-customers", new { });
        await _hub.RunWorkflowAsync("crm-customers", new { });

        var reasons = (await _hub.GetJsonAsync("api/v1/quarantine?flow=crm-customers")).GetProperty("records").EnumerateArray()
            .Where(e => e.GetProperty("record").GetProperty("externalId").GetString() is { } id && _hub.Crm.Records.Get("AccountObj", id)?["erp_customer_no__c"] is not null)
            .SelectMany(e => e.GetProperty("reasons").EnumerateObject().Select(r => (r.Name, Text: r.Value.GetString()!))).ToList();
        var badData = reasons.Count(r => r.Name is not ("kingdee" or "xero" or "mailchimp"));

        Assert.Equal(seeded, run.GetProperty("variables").GetProperty("read").GetInt32());
        Assert.Equal(seeded, _hub.Crm.Records.Query("AccountObj", a => ((string?)a["erp_customer_no__c"])?.StartsWith("CUST", StringComparison.Ordinal) == true).Count);
        Assert.True(badData >= 1 && badData <= seeded / 8, string.Join("; ", reasons)); // a few typos, as in any ERP; not most of them
        // K3Cloud refuses edits of an audited customer: the write-back of one is quarantined with the ERP's reason.
        Assert.All(reasons.Where(r => r.Name == "kingdee"), r => Assert.Contains("in review or audited", r.Text, StringComparison.Ordinal));
    }

    private Sandbox.Xero.XeroSandbox Finance() => _hub.Sandbox<Sandbox.Xero.XeroSandbox>("xero");

    private long CrmCalls() => _hub.Requests("fxiaoke");

    private async Task<int> ParkedAsync() =>
        (await _hub.GetJsonAsync("api/v1/workflow-instances?definitionId=erp-order-changes-to-crm&status=Suspended")).GetArrayLength();
}
