using System.Net;
using System.Text.Json;
using IntegrationHub.Identity;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>
/// A CRM customer observed and written to the ERP sandbox through the connector contract: GET /api/v1/customers/{id}
/// shows the canonical record with its hash and the customer's id in each system with the hub's last write; sending
/// the same content again reaches no target.
/// </summary>
public sealed class CustomerRecordTests
{
    private const string Flow = """
        definitionId: crm-customer-to-erp
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: seen, type: json }
          - { name: written, type: json }
        root:
          type: Flowchart
          activities:
            - { id: observe, type: Record.Observe, entity: customer, record: "${ input }", resultVariable: seen }
            - { id: erp, type: Connector.Upsert, system: kingdee, entity: customer, records: "${ input }", resultVariable: written }
          connections:
            - observe:Changed -> erp
            - observe:Unchanged -> erp
        """;

    [Fact]
    public async Task TheCustomerView_ShowsCanonicalStateAndEverySystem_AndUnchangedContentIsNotSentAgain()
    {
        await using var hub = await HubTestHost.StartAsync(workflows: new Dictionary<string, string> { ["flow.yaml"] = Flow });
        var input = new { system = "fxiaoke", externalId = "ACC-42", sourceVersion = 5, payload = new { number = "CUST-HUB-42", name = "Acme Pumps" } };
        var hubId = HubIds.For("fxiaoke", "customer", "ACC-42");

        var first = await RunAsync(hub, input);
        var second = await RunAsync(hub, input);
        var view = await hub.GetJsonAsync($"api/v1/customers/{hubId}");
        using var unknown = await hub.Http.GetAsync($"api/v1/customers/{Guid.NewGuid()}");
        var flows = await hub.GetJsonAsync("api/v1/flows");

        Assert.Equal("Created", Status(first));
        Assert.Equal("Unchanged", Status(second));
        Assert.Equal(("fxiaoke", "ACC-42", 5), (view.GetProperty("canonical").GetProperty("source").GetProperty("system").GetString(),
            view.GetProperty("canonical").GetProperty("source").GetProperty("externalId").GetString(), view.GetProperty("canonical").GetProperty("source").GetProperty("sourceVersion").GetInt32()));
        Assert.Matches("^[0-9a-f]{64}$", view.GetProperty("canonical").GetProperty("hash").GetString());
        var systems = view.GetProperty("systems").EnumerateArray().ToDictionary(s => s.GetProperty("system").GetString()!);
        Assert.Equal(["fxiaoke", "kingdee"], systems.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(JsonValueKind.Null, systems["fxiaoke"].GetProperty("lastWrite").ValueKind);
        Assert.Equal(view.GetProperty("canonical").GetProperty("hash").GetString(), systems["kingdee"].GetProperty("lastWrite").GetProperty("hash").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var flow = flows.GetProperty("flows").EnumerateArray().Single(f => f.GetProperty("flow").GetString() == "crm-customer-to-erp");
        var records = flow.GetProperty("records");
        Assert.Equal((1, 1, 1, 0), (records.GetProperty("changed").GetInt32(), records.GetProperty("upserted").GetInt32(),
            records.GetProperty("unchanged").GetInt32(), records.GetProperty("failed").GetInt32()));
        Assert.Equal(2, flow.GetProperty("instances").GetProperty("Finished").GetInt32());
    }

    private static string Status(JsonElement run) =>
        run.GetProperty("variables").GetProperty("written")[0].GetProperty("status").GetString()!;

    private static async Task<JsonElement> RunAsync(HubTestHost hub, object input)
    {
        var result = await hub.RunWorkflowAsync("crm-customer-to-erp", input);
        Assert.True(result.GetProperty("subStatus").GetString() == "Finished", result.GetRawText());
        return result;
    }
}
