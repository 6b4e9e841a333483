using System.Net;
using System.Text.Json;

namespace IntegrationHub.IntegrationTests.Orders;

/// <summary>Kafka down: the order is stored (nothing accepted is lost) but the answer says it is not yet published.</summary>
public sealed class KafkaUnavailableTests
{
    [Fact]
    public async Task Push_WhenKafkaDoesNotConfirm_Is503WithRetryAfter_OrderStoredForTheRelay_AndNotReady()
    {
        await using var hub = await HubTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "127.0.0.1:1",
            ["Kafka:DeliveryTimeout"] = "00:00:02",
            ["Hub:PublishTimeout"] = "00:00:01",
        });

        using var response = await hub.PushAsync(SampleOrders.Json("SO-DOWN"), "key-down");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Headers.RetryAfter!.ToString());
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("stored", problem.GetProperty("detail").GetString());
        Assert.Equal(1, await hub.CountRowsAsync("orders"));
        Assert.Equal(1, await hub.CountRowsAsync("outbox WHERE published_at IS NULL"));

        using var retry = await hub.PushAsync(SampleOrders.Json("SO-DOWN"), "key-down");
        Assert.Contains(retry.StatusCode, new[] { HttpStatusCode.ServiceUnavailable, HttpStatusCode.Conflict });
        Assert.Equal(1, await hub.CountRowsAsync("orders"));

        using var http = new HttpClient { BaseAddress = hub.Http.BaseAddress };
        using var ready = await http.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }
}
