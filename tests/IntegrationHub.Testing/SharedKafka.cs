using IntegrationHub.Kafka.Embedded;

namespace IntegrationHub.Testing;

/// <summary>
/// One embedded Kafka cluster per test process (real Kafka protocol, librdkafka's mock cluster on 127.0.0.1).
/// Tests isolate themselves with unique topic and group names (<see cref="UniqueName"/>).
/// </summary>
public static class SharedKafka
{
    private static readonly Lazy<EmbeddedKafkaCluster> Cluster = new(() =>
    {
        var cluster = new EmbeddedKafkaCluster(3);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        return cluster;
    });

    public static string BootstrapServers => Cluster.Value.BootstrapServers;

    public static string UniqueName(string prefix) => $"{prefix}.{Guid.NewGuid():N}";
}
