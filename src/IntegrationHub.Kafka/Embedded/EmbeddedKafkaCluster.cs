using Confluent.Kafka;

namespace IntegrationHub.Kafka.Embedded;

/// <summary>
/// librdkafka's mock cluster: a Kafka-protocol cluster inside this process on 127.0.0.1 ephemeral ports, living
/// as long as this object. Any Kafka client (other processes, <c>kcat</c>) can connect to <see cref="BootstrapServers"/>.
/// In memory only, about 5 MiB kept per partition: the hub never relies on it for durability (store first, publish after).
/// </summary>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    private readonly IAdminClient _owner;

    public EmbeddedKafkaCluster(int brokers = 3)
    {
        var config = new AdminClientConfig { ClientId = "hub-embedded-cluster" };
        config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _owner = new AdminClientBuilder(config).SetLogHandler((_, _) => { }).Build();
        var metadata = _owner.GetMetadata(TimeSpan.FromSeconds(10));
        BootstrapServers = string.Join(',', metadata.Brokers.OrderBy(b => b.BrokerId).Select(b => $"{b.Host}:{b.Port}"));
        Brokers = metadata.Brokers.Count;
    }

    public string BootstrapServers { get; }

    public int Brokers { get; }

    public void Dispose() => _owner.Dispose();
}
