using BenchmarkDotNet.Attributes;
using Confluent.Kafka;
using IntegrationHub.Benchmarks.Kafka;
using IntegrationHub.Kafka.Envelope;
using IntegrationHub.Messaging;

namespace IntegrationHub.Benchmarks.Micro;

/// <summary>Encoding and decoding one 300-byte JSON CloudEvent in Kafka binary mode, the per-record envelope cost of the hub.</summary>
public class CloudEventCodecBenchmarks
{
    private OutgoingMessage _outgoing = null!;
    private Message<byte[]?, byte[]> _record = null!;

    [GlobalSetup]
    public void Setup()
    {
        _outgoing = Payloads.Event("bench.micro", 42, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        _record = CloudEventKafkaCodec.ToKafka(_outgoing);
    }

    [Benchmark]
    public Message<byte[]?, byte[]> ToKafka() => CloudEventKafkaCodec.ToKafka(_outgoing);

    [Benchmark]
    public CloudEvent FromKafka() => CloudEventKafkaCodec.FromKafka(_record.Headers, _record.Value);
}
