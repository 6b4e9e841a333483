using IntegrationHub.Identity;
using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>
/// The parking pattern of the order flows: an order whose customer is unknown waits (suspended, its bookmark naming
/// the customer), the customer flow's Record.Observe -> Event.Raise completes it when the customer arrives, and a
/// customer that never arrives turns the order into an incident after the timeout.
/// </summary>
public sealed class ParkedOrderTests
{
    private const string Orders = """
        definitionId: park-order
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: customer, type: json }
          - { name: state, type: string, value: parked }
        root:
          type: Flowchart
          activities:
            - { id: park, type: WaitForEvent, event: customer.arrived, correlationKey: "${ input.customerHubId }", timeout: "${ input.timeout }", variable: customer }
            - { id: deliver, type: SetVariable, variable: state, value: delivered }
            - { id: late, type: Fail, message: "customer ${ input.customerHubId } did not arrive in time" }
          connections:
            - park:Done -> deliver
            - park:Timeout -> late
        """;

    private const string Customers = """
        definitionId: customer-arrives
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: seen, type: json }
          - { name: resumed, type: long }
        root:
          type: Flowchart
          activities:
            - { id: observe, type: Record.Observe, entity: customer, record: "${ input }", resultVariable: seen }
            - { id: raise, type: Event.Raise, event: customer.arrived, correlationId: "${ (string)seen[\"hubId\"] }", payload: "${ input.payload }", resumedVariable: resumed }
          connections:
            - observe:Changed -> raise
        """;

    [Fact]
    public async Task AnOrderParkedForItsCustomer_CompletesWhenTheCustomerArrives()
    {
        await using var hub = await HubTestHost.StartAsync(workflows: new Dictionary<string, string> { ["orders.yaml"] = Orders, ["customers.yaml"] = Customers });
        var customerHubId = HubIds.For("fxiaoke", "customer", "ACC-7").ToString();

        var parked = await hub.RunWorkflowAsync("park-order", new { customerHubId, timeout = "P7D" });
        var instanceId = parked.GetProperty("instanceId").GetString();
        var waiting = await hub.GetJsonAsync($"api/v1/workflow-instances/{instanceId}");
        var arrived = await hub.RunWorkflowAsync("customer-arrives", new { system = "fxiaoke", externalId = "ACC-7", sourceVersion = 1, payload = new { name = "Acme" } });
        var done = await hub.GetJsonAsync($"api/v1/workflow-instances/{instanceId}");

        Assert.Equal("Suspended", parked.GetProperty("subStatus").GetString());
        var bookmark = Assert.Single(waiting.GetProperty("bookmarks").EnumerateArray());
        Assert.Equal(("customer.arrived", customerHubId), (bookmark.GetProperty("name").GetString(), bookmark.GetProperty("correlationKey").GetString()));
        Assert.Equal(1L, arrived.GetProperty("variables").GetProperty("resumed").GetInt64());
        Assert.Equal("Finished", done.GetProperty("subStatus").GetString());
        Assert.Equal("delivered", done.GetProperty("variables").GetProperty("state").GetString());
        Assert.Equal("Acme", done.GetProperty("variables").GetProperty("customer").GetProperty("name").GetString());
    }

    [Fact]
    public async Task EventsRaisedForEachElement_AreKeptForKeepFor_AndOneOfThemStillCompletesAnOrderThatParksJustAfter()
    {
        const string bulk = """
            definitionId: customers-arrive
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: item, type: json }
              - { name: resumed, type: long }
            root:
              type: Sequence
              activities:
                - { id: raise, type: Event.Raise, each: "${ input.customers }", where: "${ (bool)item[\"arrived\"]! }", event: customer.arrived, correlationId: "${ item.id }", keepFor: PT2S, resumedVariable: resumed }
            """;
        await using var hub = await HubTestHost.StartAsync(workflows: new Dictionary<string, string> { ["orders.yaml"] = Orders, ["bulk.yaml"] = bulk });

        await hub.RunWorkflowAsync("customers-arrive", new { customers = new object[] { new { id = "C-1", arrived = true }, new { id = "C-2", arrived = false }, new { id = "C-3", arrived = true } } });
        var queued = await hub.CountRowsAsync("workflow_pending_events WHERE (julianday(expires_at) - julianday(received_at)) * 86400 BETWEEN 1.9 AND 2.1");
        var parked = await hub.RunWorkflowAsync("park-order", new { customerHubId = "C-3", timeout = "P7D" }); // the order parks just after its customer arrived
        var late = await hub.RunWorkflowAsync("park-order", new { customerHubId = "C-2", timeout = "P7D" });

        Assert.Equal(2, queued); // C-1 and C-3 (where), each kept two seconds, not Workflows:EventRetention
        Assert.Equal("Finished", parked.GetProperty("subStatus").GetString());
        Assert.Equal("Suspended", late.GetProperty("subStatus").GetString());
    }

    [Fact]
    public async Task ACustomerThatNeverArrives_TurnsTheOrderIntoAnIncident_NotADeadLetter()
    {
        await using var hub = await HubTestHost.StartAsync(workflows: new Dictionary<string, string> { ["orders.yaml"] = Orders });
        var parked = await hub.RunWorkflowAsync("park-order", new { customerHubId = Guid.NewGuid().ToString(), timeout = "PT1S" });
        var instanceId = parked.GetProperty("instanceId").GetString();

        var faulted = await Eventually.Await(() => hub.GetJsonAsync($"api/v1/workflow-instances/{instanceId}"),
            i => i.GetProperty("subStatus").GetString() == "Faulted", TimeSpan.FromSeconds(30), "the park timed out into an incident");

        Assert.Contains("did not arrive in time", faulted.GetProperty("incident").GetRawText());
    }
}
