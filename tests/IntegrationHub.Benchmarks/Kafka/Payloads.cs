using System.Globalization;
using System.Text;
using Confluent.Kafka;
using IntegrationHub.Kafka.Envelope;
using IntegrationHub.Messaging;

namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>Deterministic order-like JSON values of <see cref="ValueBytes"/> bytes, as plain records or as CloudEvents.</summary>
internal static class Payloads
{
    public const int ValueBytes = 300;

    private static readonly Uri Source = new("urn:integration-hub:benchmark:erp");

    public static string Key(int i) => string.Create(CultureInfo.InvariantCulture, $"customer-{i % 997:D4}");

    public static byte[] OrderJson(int i)
    {
        var head = string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"orderId\":\"SO-{i:D8}\",\"customer\":\"{Key(i)}\",\"currency\":\"EUR\",\"total\":{(i % 10_000 * 1.25m) + 10m},"
            + $"\"lines\":[{{\"sku\":\"SKU-{i % 500:D5}\",\"qty\":{1 + (i % 7)},\"price\":19.90}},{{\"sku\":\"SKU-{(i + 7) % 500:D5}\",\"qty\":1,\"price\":4.50}}],\"note\":\"");
        const string tail = "\"}";
        var padding = Math.Max(0, ValueBytes - head.Length - tail.Length);
        return Encoding.UTF8.GetBytes(head + new string('x', padding) + tail);
    }

    /// <summary>A plain keyed JSON record, as the raw Confluent.Kafka phases use.</summary>
    public static Message<byte[]?, byte[]> Raw(int i) => new() { Key = Encoding.UTF8.GetBytes(Key(i)), Value = OrderJson(i) };

    /// <summary>The same JSON as the data of a CloudEvent in Kafka binary mode, as the hub consumes it.</summary>
    public static OutgoingMessage Event(string topic, int i, DateTimeOffset time) => new(topic, Key(i), new CloudEvent
    {
        Id = string.Create(CultureInfo.InvariantCulture, $"bench-{i:D8}"),
        Source = Source,
        Type = "com.integrationhub.benchmark.order.created",
        Time = time,
        Subject = string.Create(CultureInfo.InvariantCulture, $"SO-{i:D8}"),
        Data = OrderJson(i),
    });

    public static Message<byte[]?, byte[]> CloudEventRecord(string topic, int i, DateTimeOffset time) =>
        CloudEventKafkaCodec.ToKafka(Event(topic, i, time));
}
