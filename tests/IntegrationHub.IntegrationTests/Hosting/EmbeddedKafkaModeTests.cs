using System.Net;
using System.Text.Json;
using Confluent.Kafka;
using IntegrationHub.IntegrationTests.Orders;
using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Hosting;

public sealed class EmbeddedKafkaModeTests
{
    [Fact]
    public async Task EmptyBootstrapServers_StartsTheEmbeddedCluster_ThatOtherClientsCanReach_AndTheFlowRunsOnIt()
    {
        await using var hub = await HubTestHost.StartAsync(new Dictionary<string, string?> { ["Kafka:BootstrapServers"] = "" });

        var kafka = (await hub.GetJsonAsync("api/v1/system")).GetProperty("kafka");
        Assert.True(kafka.GetProperty("embedded").GetBoolean());
        var bootstrap = kafka.GetProperty("bootstrapServers").GetString()!;
        Assert.NotEqual(SharedKafka.BootstrapServers, bootstrap);
        Assert.Matches(@"^127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+){2}$", bootstrap);
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
        {
            Assert.Equal(3, admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.Count);
        }

        using var push = await hub.PushAsync(SampleOrders.Json("SO-EMBEDDED"), "key-embedded");
        Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
        var id = JsonDocument.Parse(await push.Content.ReadAsStringAsync()).RootElement.GetProperty("orderId").GetString();
        await Eventually.Await(() => hub.GetJsonAsync($"api/v1/orders/{id}"), s => s.GetProperty("state").GetString() == "delivered", TimeSpan.FromSeconds(45));
    }
}
