using System.Globalization;
using Confluent.Kafka;

namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>
/// Diagnostic: plain Confluent.Kafka consume -> <c>await ProduceAsync</c>, one record at a time, the way the hub loop
/// works but without any hub code. Run with the hub's linger.ms (5) and with 0 to show what bounds a serial loop.
/// </summary>
internal static class RawSerialPhase
{
    public const string NamePrefix = "raw serial consume->await produce";

    public static async Task<PhaseResult> RunAsync(
        string bootstrapServers, string warmUpTopic, string inputTopic, string outputTopic, int total, int lingerMs, WatermarkCounter counter, TimeProvider time, CancellationToken cancellationToken)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{NamePrefix}, linger.ms={lingerMs}");
        using var producer = KafkaClients.Producer(bootstrapServers, "bench-raw-serial", lingerMs);
        KafkaClients.WarmUp(producer, warmUpTopic);
        using var consumer = KafkaClients.Consumer(bootstrapServers, string.Create(CultureInfo.InvariantCulture, $"bench-raw-serial-{lingerMs}"));
        var clock = new AckClock(total, time);
        var start = time.GetTimestamp();
        var loop = Task.Factory.StartNew(
            () => LoopAsync(consumer, producer, inputTopic, outputTopic, total, clock, cancellationToken),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap();
        var (count, seen) = await counter.WaitForAsync(outputTopic, total, cancellationToken).ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        return clock.Result(name, total, start, count, seen);
    }

    private static async Task LoopAsync(
        IConsumer<byte[]?, byte[]?> consumer, IProducer<byte[]?, byte[]> producer, string inputTopic, string outputTopic, int total, AckClock clock, CancellationToken cancellationToken)
    {
        consumer.Subscribe(inputTopic);
        try
        {
            for (var consumed = 0; consumed < total;)
            {
                var record = consumer.Consume(cancellationToken);
                if (record?.Message is null)
                {
                    continue;
                }

                clock.Consumed();
                var message = new Message<byte[]?, byte[]> { Key = record.Message.Key, Value = record.Message.Value ?? [], Headers = record.Message.Headers };
                await producer.ProduceAsync(outputTopic, message, cancellationToken).ConfigureAwait(false);
                clock.Acknowledged();
                consumed++;
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            consumer.Close();
        }
    }
}
