using System.Net;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>Customer.Normalize in a flow on the whole hub: invalid customers are quarantined with every reason and listed; a fixed version releases them.</summary>
public sealed class CustomerQuarantineTests
{
    [Fact]
    public async Task AnInvalidCustomer_IsQuarantinedWithItsReasons_AndReleasedWhenAFixedVersionPasses()
    {
        await using var hub = await HubTestHost.StartAsync(workflows: new Dictionary<string, string>
        {
            ["normalize.yaml"] = """
                definitionId: normalize-customer
                version: 1
                trigger: { type: Manual }
                variables:
                  - { name: customer, type: json }
                  - { name: reasons, type: json }
                  - { name: verdict, type: string }
                root:
                  type: Flowchart
                  activities:
                    - { id: check, type: Customer.Normalize, record: "${ input }", variable: customer, reasonsVariable: reasons }
                    - { id: ok, type: SetVariable, variable: verdict, value: valid }
                    - { id: bad, type: SetVariable, variable: verdict, value: invalid }
                  connections:
                    - check:Valid -> ok
                    - check:Invalid -> bad
                """,
        });

        var invalid = await hub.RunWorkflowAsync("normalize-customer", new { system = "fxiaoke", externalId = "ACC-9", sourceVersion = 1, payload = new { name = "", phone = "123", creditCode = "91110108551385082R" } });
        var listed = await hub.GetJsonAsync("api/v1/quarantine?flow=normalize-customer");
        // This flow takes its record as input, not from Connector.ReadChanges: it cannot be handed the record again.
        using var replay = await hub.Http.PostAsync($"api/v1/quarantine/{listed.GetProperty("records")[0].GetProperty("id").GetInt64()}/replay", null);
        var replayProblem = await replay.Content.ReadAsStringAsync();
        var valid = await hub.RunWorkflowAsync("normalize-customer", new { system = "fxiaoke", externalId = "ACC-9", sourceVersion = 2, payload = new { name = " Acme ", phone = "13800138000", creditCode = "91110108551385082Q" } });
        var after = await hub.GetJsonAsync("api/v1/quarantine?flow=normalize-customer");
        using var badLimit = await hub.Http.GetAsync("api/v1/quarantine?limit=0");

        Assert.Equal("invalid", invalid.GetProperty("variables").GetProperty("verdict").GetString());
        var entry = Assert.Single(listed.GetProperty("records").EnumerateArray());
        Assert.Equal("ACC-9", entry.GetProperty("record").GetProperty("externalId").GetString());
        Assert.Equal(["creditCode", "name", "phone"], entry.GetProperty("reasons").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("valid", valid.GetProperty("variables").GetProperty("verdict").GetString());
        Assert.Equal("+8613800138000", valid.GetProperty("variables").GetProperty("customer").GetProperty("payload").GetProperty("phone").GetString());
        Assert.Empty(after.GetProperty("records").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Contains("does not read fxiaoke customer records with Connector.ReadChanges", replayProblem, StringComparison.Ordinal);
    }
}
