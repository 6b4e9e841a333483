using Confluent.Kafka;

namespace IntegrationHub.Testing;

/// <summary>Reads what is on a topic, for assertions: every record up to the high watermarks, or until enough arrived.</summary>
public static class KafkaProbe
{
    /// <summary>Waits until the topic holds at least <paramref name="minimum"/> records (or the timeout passes), then returns all of them.</summary>
    public static async Task<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>> ReadAllAsync(string topic, int minimum = 0, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = SharedKafka.BootstrapServers }).SetLogHandler((_, _) => { }).Build();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = SharedKafka.BootstrapServers,
            GroupId = SharedKafka.UniqueName("probe"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).SetLogHandler((_, _) => { }).Build();

        while (true)
        {
            var records = Read(admin, consumer, topic);
            if (records.Count >= minimum || DateTime.UtcNow > deadline)
            {
                return records;
            }

            await Task.Delay(100);
        }
    }

    private static List<ConsumeResult<byte[]?, byte[]?>> Read(IAdminClient admin, IConsumer<byte[]?, byte[]?> consumer, string topic)
    {
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(5));
        var partitions = metadata.Topics.SingleOrDefault(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError)?.Partitions;
        var results = new List<ConsumeResult<byte[]?, byte[]?>>();
        if (partitions is null)
        {
            return results;
        }

        foreach (var partition in partitions)
        {
            var tp = new TopicPartition(topic, partition.PartitionId);
            var marks = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5));
            if (marks.High.Value <= marks.Low.Value)
            {
                continue;
            }

            consumer.Assign(new TopicPartitionOffset(tp, marks.Low));
            while (true)
            {
                var record = consumer.Consume(TimeSpan.FromSeconds(5)) ?? throw new TimeoutException($"{tp} did not deliver up to offset {marks.High}");
                results.Add(record);
                if (record.Offset.Value >= marks.High.Value - 1)
                {
                    break;
                }
            }

            consumer.Unassign();
        }

        return results;
    }
}
