using Confluent.Kafka;

namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>
/// Creates the benchmark topics up front. The embedded (mock) cluster cannot serve CreateTopics (its metadata names
/// controller 0, which is not one of its brokers), so topics are auto-created by a metadata request; it gives them
/// 4 partitions, replication factor 3.
/// </summary>
internal static class TopicAdmin
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <returns>The partition count of every topic.</returns>
    public static IReadOnlyDictionary<string, int> Ensure(string bootstrapServers, IEnumerable<string> topics)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers, AllowAutoCreateTopics = true })
            .SetLogHandler((_, _) => { })
            .Build();
        var partitions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            var metadata = admin.GetMetadata(topic, Timeout).Topics.Single();
            if (metadata.Error.IsError || metadata.Partitions.Count == 0)
            {
                throw new InvalidOperationException($"Topic {topic} is not available: {metadata.Error.Reason}");
            }

            partitions[topic] = metadata.Partitions.Count;
        }

        return partitions;
    }
}
