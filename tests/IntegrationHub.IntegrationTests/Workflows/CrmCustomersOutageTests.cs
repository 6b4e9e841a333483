using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Sandbox.Faults;
using IntegrationHub.Sandbox.Kingdee;
using IntegrationHub.Sandbox.Mailchimp;
using IntegrationHub.Sandbox.Xero;
using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>
/// The customer flow while the ERP is down: runs fault (the webhook answers 503), the ERP connector's circuit opens,
/// nothing is written anywhere and nothing is lost: after the ERP recovers the backlog drains, each account once in
/// every target.
/// </summary>
public sealed class CrmCustomersOutageTests
{
    [Fact]
    public async Task AnErpOutage_OpensItsCircuit_LosesNothing_AndTheBacklogDrainsOnceAfterRecovery()
    {
        var flow = File.ReadAllText(Path.Combine(Repository.Root, "workflows", "crm-customers.yaml"))
            .Replace("interval: PT1M", "interval: PT1H", StringComparison.Ordinal)
            .Replace("topic: crm.customers", $"topic: {SharedKafka.UniqueName("crm.customers")}", StringComparison.Ordinal);
        await using var hub = await HubTestHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Connectors:Kingdee:Retry:MaxRetries"] = "1",
                ["Connectors:Kingdee:Retry:BaseDelay"] = "00:00:00.050",
                ["Connectors:Kingdee:CircuitBreaker:MinimumThroughput"] = "2",
                ["Connectors:Kingdee:CircuitBreaker:BreakDuration"] = "00:00:01",
            },
            new Dictionary<string, string> { ["crm-customers.yaml"] = flow });
        var erp = hub.Sandboxes.Systems.Single(s => s.System == "kingdee");
        var finance = hub.Sandbox<XeroSandbox>("xero");
        var marketing = hub.Sandbox<MailchimpSandbox>("mailchimp");
        var store = ((KingdeeSandbox)erp.Owner).Store;
        var before = (store.Count("BD_Customer"), finance.Contacts.Count, marketing.Members.Count);
        var ids = Enumerable.Range(1, 3).Select(i => hub.Crm.Records.Create("AccountObj",
            new JsonObject { ["name"] = $"Outage Optics {i}", ["tel"] = $"1390013900{i}", ["email"] = $"buyer{i}@optics.example" }, null)).ToList();

        erp.Faults.Apply(new FaultProfile { ErrorRate = 1, ErrorStatus = 503 });
        using var down1 = await RingAsync(hub);
        using var down2 = await RingAsync(hub);
        var circuit = await Eventually.Await(async () => Circuit(await hub.GetJsonAsync("api/v1/connectors")), c => c == "Open");
        var during = (store.Count("BD_Customer"), finance.Contacts.Count, marketing.Members.Count);
        erp.Faults.Clear();
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // the circuit's break
        using var up = await Eventually.Await(() => RingAsync(hub), r => r.StatusCode == HttpStatusCode.Accepted, because: "the run succeeds once the ERP is back");
        using var again = await RingAsync(hub);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down1.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down2.StatusCode);
        Assert.Equal("Open", circuit);
        Assert.Equal(before, during); // nothing half-written: the ERP comes first, and the page was not committed
        Assert.Equal((before.Item1 + 3, before.Item2 + 3, before.Item3 + 3), (store.Count("BD_Customer"), finance.Contacts.Count, marketing.Members.Count));
        Assert.All(ids, id => Assert.NotNull(store.Field("BD_Customer", "CRM-" + id, "FName")));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
    }

    private static string? Circuit(System.Text.Json.JsonElement connectors) =>
        connectors.GetProperty("connectors").EnumerateArray().Single(c => c.GetProperty("system").GetString() == "kingdee").GetProperty("circuit").GetString();

    private static Task<HttpResponseMessage> RingAsync(HubTestHost hub) =>
        hub.Http.PostAsJsonAsync("api/v1/hooks/crm-customers", new { objectApiName = "AccountObj" });
}
