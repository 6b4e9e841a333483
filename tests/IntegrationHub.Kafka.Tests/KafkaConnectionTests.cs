using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Kafka.Tests;

public class KafkaConnectionTests
{
    [Fact]
    public void ProducerConfig_IsIdempotentWithAcksAll_AndClientOverridesWin()
    {
        using var connection = Connection(new KafkaOptions { BootstrapServers = "broker:9092", Client = { ["linger.ms"] = "0", ["compression.type"] = "lz4" } });

        var config = connection.ProducerConfig();

        Assert.True(config.EnableIdempotence);
        Assert.Equal(Acks.All, config.Acks);
        Assert.Equal(0, config.LingerMs);
        Assert.Equal(CompressionType.Lz4, config.CompressionType);
        Assert.Equal("broker:9092", config.BootstrapServers);
    }

    [Fact]
    public void ConsumerConfig_StoresOffsetsOnlyWhenTold_CooperativeSticky_ShortFetchWaitWhenEmbeddedIsOff()
    {
        using var connection = Connection(new KafkaOptions { BootstrapServers = "broker:9092" });

        var config = connection.ConsumerConfig("group-1");

        Assert.False(connection.Embedded);
        Assert.Equal("group-1", config.GroupId);
        Assert.False(config.EnableAutoOffsetStore);
        Assert.Equal(PartitionAssignmentStrategy.CooperativeSticky, config.PartitionAssignmentStrategy);
        Assert.Equal(500, config.FetchWaitMaxMs);
        Assert.Equal(10_000, config.SessionTimeoutMs);
    }

    private static KafkaConnection Connection(KafkaOptions options) => new(Options.Create(options), NullLogger<KafkaConnection>.Instance);
}
