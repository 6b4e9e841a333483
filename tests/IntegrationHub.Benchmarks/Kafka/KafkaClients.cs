using Confluent.Kafka;

namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>Client configurations of the raw phases, matching the hub's producer settings (KafkaConnection.ProducerConfig).</summary>
internal static class KafkaClients
{
    public static IProducer<byte[]?, byte[]> Producer(string bootstrapServers, string clientId, int lingerMs = 1) =>
        new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = clientId,
            Acks = Acks.All,
            EnableIdempotence = true,
            MaxInFlight = 5,
            LingerMs = lingerMs,
        }).SetLogHandler((_, _) => { }).Build();

    /// <summary>Connects the producer and gets its idempotent producer id before anything is timed.</summary>
    public static void WarmUp(IProducer<byte[]?, byte[]> producer, string topic)
    {
        producer.Produce(topic, Payloads.Raw(0));
        if (producer.Flush(TimeSpan.FromSeconds(10)) > 0)
        {
            throw new InvalidOperationException("The warm-up record was not delivered within 10 s.");
        }
    }

    public static IConsumer<byte[]?, byte[]?> Consumer(string bootstrapServers, string groupId) =>
        new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = groupId,
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
            EnablePartitionEof = false,
        }).SetLogHandler((_, _) => { }).Build();
}
