using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Fxiaoke;
using IntegrationHub.IntegrationTests.Orders;
using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Hosting;

/// <summary>The hub's sandbox CRM with faults switched on through the admin URL the system endpoint shows in demo mode.</summary>
public sealed class SandboxFaultsEndToEndTests
{
    [Fact]
    public async Task Order_WhileTheCrmFailsTwice_IsStillDeliveredOnce()
    {
        await using var hub = await HubTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Hub:Demo"] = "true",
            ["Connectors:Fxiaoke:Retry:BaseDelay"] = "00:00:00.010",
            ["Connectors:Fxiaoke:Retry:MaxDelay"] = "00:00:00.050",
        });
        var sandbox = (await hub.GetJsonAsync("api/v1/system")).GetProperty("devEnvironment");
        using var admin = new HttpClient();
        admin.DefaultRequestHeaders.Add(sandbox.GetProperty("adminKeyHeader").GetString()!, sandbox.GetProperty("adminKeys").GetProperty("fxiaoke").GetString());
        var adminUrl = sandbox.GetProperty("adminUrls").GetProperty("fxiaoke").GetString();

        using var put = await admin.PutAsJsonAsync(adminUrl, new { errorRate = 1.0, errorStatus = 503, maxFaults = 2 });
        using var push = await hub.PushAsync(SampleOrders.Json("SO-FAULTS-1"), "key-faults-1");
        var orderId = JsonNode.Parse(await push.Content.ReadAsStringAsync())!["orderId"]!.GetValue<string>();
        await Eventually.Await(() => hub.GetJsonAsync($"api/v1/orders/{orderId}"), s => s.GetProperty("state").GetString() == "delivered", TimeSpan.FromSeconds(45));
        var shown = await admin.GetFromJsonAsync<JsonObject>(adminUrl);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
        Assert.Equal(2, shown!["counts"]!["errors"]!.GetValue<long>());
        Assert.Single(hub.Crm.Records.All(FxiaokeFields.SalesOrderObject));
    }
}
