using Confluent.Kafka;
using IntegrationHub.Kafka.Envelope;
using IntegrationHub.Testing;

namespace IntegrationHub.Kafka.Tests.Consuming;

/// <summary>Several records in flight: per-key order holds, and offsets never pass an unfinished record.</summary>
public class ConcurrentConsumptionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task ManyKeys_RunConcurrently_ButEachKeysRecordsRunInOffsetOrder()
    {
        var topic = SharedKafka.UniqueName("order");
        var handler = new ScriptedHandler { Delay = m => TimeSpan.FromMilliseconds(Random.Shared.Next(1, 15)) };
        await using var host = await ConsumerHost.StartAsync(topic, SharedKafka.UniqueName("g"), handler, maxInFlight: 16);

        var sent = new List<(string Key, string Id)>();
        for (var i = 0; i < 80; i++)
        {
            var key = $"customer-{i % 8}";
            sent.Add((key, $"e{i:D3}"));
            await host.Publisher.PublishAsync(ConsumerHost.Event(topic, $"e{i:D3}", key));
        }

        var done = await Eventually.Await(() => handler.Succeeded.ToArray(), s => s.Length >= 80, Wait);
        Assert.Equal(80, done.Length);
        foreach (var group in sent.GroupBy(s => s.Key))
        {
            Assert.Equal(group.Select(s => s.Id).ToArray(), done.Where(d => d.Key == group.Key).Select(d => d.Event.Id).ToArray());
        }

        Assert.True(handler.MaxConcurrent > 1, $"expected records of different keys to overlap, max concurrency was {handler.MaxConcurrent}");
        Assert.True(handler.MaxConcurrent <= 16, $"at most 16 in flight, saw {handler.MaxConcurrent}");
    }

    [Fact]
    public async Task LaterRecordFinishesFirst_OffsetIsNotCommittedPastTheUnfinishedOne_SoItIsRedelivered()
    {
        var topic = SharedKafka.UniqueName("holes");
        var group = SharedKafka.UniqueName("g");
        var first = new ScriptedHandler();
        first.Gates["slow"] = new TaskCompletionSource(); // never released: the member stops while it runs
        var host = await ConsumerHost.StartAsync(topic, group, first);
        using (var producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig { BootstrapServers = SharedKafka.BootstrapServers }).Build())
        {
            // Same partition, different keys: "fast" may finish while "slow" (the lower offset) is still running.
            await producer.ProduceAsync(new TopicPartition(topic, 0), CloudEventKafkaCodec.ToKafka(ConsumerHost.Event(topic, "slow", "key-a")));
            await producer.ProduceAsync(new TopicPartition(topic, 0), CloudEventKafkaCodec.ToKafka(ConsumerHost.Event(topic, "fast", "key-b")));
        }

        await Eventually.Await(() => first.Succeeded.ToArray(), s => s.Any(m => m.Event.Id == "fast"), Wait);
        await host.DisposeAsync();

        var second = new ScriptedHandler();
        await using var next = await ConsumerHost.StartAsync(topic, group, second);
        var redelivered = await Eventually.Await(() => second.Succeeded.ToArray(), s => s.Length >= 2, Wait);
        Assert.Equal(["fast", "slow"], redelivered.Select(m => m.Event.Id).Order().ToArray());
        Assert.DoesNotContain(first.Succeeded, m => m.Event.Id == "slow");
    }
}
