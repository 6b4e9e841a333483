using System.Text;
using IntegrationHub.Kafka.Envelope;
using IntegrationHub.Kafka.Tests.Consuming;
using IntegrationHub.Messaging;
using IntegrationHub.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Kafka.Tests.Producing;

public sealed class KafkaMessagePublisherTests
{
    [Fact]
    public async Task The_receipt_names_where_the_record_landed_and_the_record_carries_the_cloud_event()
    {
        var topic = SharedKafka.UniqueName("publisher.receipt");
        await using var services = Services(SharedKafka.BootstrapServers);
        var publisher = services.GetRequiredService<IMessagePublisher>();

        var receipts = new List<PublishReceipt>();
        for (var i = 0; i < 3; i++)
        {
            receipts.Add(await publisher.PublishAsync(ConsumerHost.Event(topic, $"evt-{i}", key: "customer-7")));
        }

        var records = await KafkaProbe.ReadAllAsync(topic, minimum: 3);
        Assert.Equal(3, records.Count);
        Assert.All(receipts, r => Assert.Equal(topic, r.Topic));
        // One key, one partition, consecutive offsets in publish order.
        Assert.Single(receipts.Select(r => r.Partition).Distinct());
        Assert.Equal(receipts.Select(r => r.Offset), records.OrderBy(r => r.Offset.Value).Select(r => r.Offset.Value));
        var first = CloudEventKafkaCodec.FromKafka(records.OrderBy(r => r.Offset.Value).First().Message.Headers, records.OrderBy(r => r.Offset.Value).First().Message.Value);
        Assert.Equal("evt-0", first.Id);
        Assert.Equal("customer-7", Encoding.UTF8.GetString(records[0].Message.Key!));
    }

    [Fact]
    public async Task A_cancelled_publish_throws_and_produces_nothing()
    {
        var topic = SharedKafka.UniqueName("publisher.cancelled");
        await using var services = Services(SharedKafka.BootstrapServers);
        var publisher = services.GetRequiredService<IMessagePublisher>();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publisher.PublishAsync(ConsumerHost.Event(topic, "evt-cancelled"), cancelled.Token));
        await publisher.PublishAsync(ConsumerHost.Event(topic, "evt-after"));

        var records = await KafkaProbe.ReadAllAsync(topic, minimum: 1);
        Assert.Equal(["evt-after"], records.Select(r => CloudEventKafkaCodec.FromKafka(r.Message.Headers, r.Message.Value).Id));
    }

    [Fact]
    public async Task Without_a_confirmation_within_the_delivery_timeout_the_publish_fails_with_the_topic_named()
    {
        // A port nobody listens on: the message can never be confirmed.
        var port = LoopbackPorts.Free();
        await using var services = Services($"127.0.0.1:{port}", deliveryTimeout: "00:00:01");
        var publisher = services.GetRequiredService<IMessagePublisher>();

        var error = await Assert.ThrowsAsync<PublishException>(() => publisher.PublishAsync(ConsumerHost.Event("publisher.unreachable", "evt-lost")));

        Assert.Contains("publisher.unreachable", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(string bootstrapServers, string deliveryTimeout = "00:00:30")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Kafka:DeliveryTimeout"] = deliveryTimeout,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.ClearProviders());
        services.AddHubKafka();
        return services.BuildServiceProvider();
    }
}
