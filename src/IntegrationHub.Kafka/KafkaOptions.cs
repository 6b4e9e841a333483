using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Kafka;

/// <summary>Kafka connection and delivery settings. Bound from the <c>Kafka</c> configuration section.</summary>
public sealed class KafkaOptions
{
    public const string Section = "Kafka";

    /// <summary>
    /// Comma-separated <c>host:port</c> list of a real cluster. The default is empty: the host starts an embedded
    /// development cluster (librdkafka's in-memory mock cluster) and logs its address. Never empty in production.
    /// </summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>Brokers in the embedded development cluster. The default is 3.</summary>
    [Range(1, 9, ErrorMessage = "Kafka:EmbeddedBrokers must be between 1 and 9.")]
    public int EmbeddedBrokers { get; set; } = 3;

    /// <summary>Client id sent to the brokers. The default is <c>integration-hub</c>.</summary>
    [Required(ErrorMessage = "Kafka:ClientId must not be empty.")]
    public string ClientId { get; set; } = "integration-hub";

    /// <summary>How long a publish may take before it counts as failed (librdkafka <c>message.timeout.ms</c>). The default is 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Kafka:DeliveryTimeout must be between 1 second and 10 minutes.")]
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Handler attempts per record before it goes to <c>&lt;topic&gt;.dlq</c>. The default is 5.</summary>
    [Range(1, 100, ErrorMessage = "Kafka:MaxAttempts must be between 1 and 100.")]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// Records one consumer handles at once. Records with the same key still run one after another, in order.
    /// The default is 500 (Kafka's own <c>max.poll.records</c>): each record waits for its acks=all confirmation, so
    /// throughput is about in-flight records / confirmation latency. A crash redelivers at most this many. 1 handles
    /// records strictly one at a time.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Kafka:MaxInFlight must be between 1 and 10000.")]
    public int MaxInFlight { get; set; } = 500;

    /// <summary>Backoff before the second attempt; doubles per attempt with jitter. The default is 200 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Kafka:RetryBackoff must be between 0 and 1 minute.")]
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of one backoff. The default is 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "Kafka:MaxRetryBackoff must be between 0 and 5 minutes.")]
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Consumer group session timeout. The default is 10 seconds (rebalances after a crash within that).</summary>
    [Range(typeof(TimeSpan), "00:00:03", "00:05:00", ErrorMessage = "Kafka:SessionTimeout must be between 3 seconds and 5 minutes.")]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest a broker holds an empty fetch (<c>fetch.wait.max.ms</c>). The default is empty: 10 ms on the embedded
    /// cluster (which holds empty fetches for the full wait), librdkafka's 500 ms on a real one.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:30", ErrorMessage = "Kafka:FetchWaitMax must be between 1 ms and 30 seconds.")]
    public TimeSpan? FetchWaitMax { get; set; }

    /// <summary>
    /// Extra librdkafka properties for every client, for example <c>security.protocol</c>, <c>sasl.mechanism</c>,
    /// <c>sasl.username</c>, <c>sasl.password</c> (give secrets through environment variables such as
    /// <c>Kafka__Client__sasl.password</c>). The default is none.
    /// </summary>
    public Dictionary<string, string> Client { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Topics workflows may name (PublishMessage, Kafka triggers) besides the hub's own (<c>Hub:OrdersTopic</c>) and their
    /// <c>.dlq</c> topics; a workflow naming any other literal topic is rejected when it loads. The default is none.
    /// </summary>
    public List<string> Topics { get; set; } = [];

    /// <summary>True when no bootstrap servers are given and the embedded cluster runs.</summary>
    public bool Embedded => string.IsNullOrWhiteSpace(BootstrapServers);
}
