using Confluent.Kafka;

namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>
/// Raw consume -> produce with plain Confluent.Kafka clients: every consumed record is handed to <c>Produce</c>
/// (asynchronous, delivery handler) without waiting for its acknowledgement. Ends when the output topic holds every record.
/// </summary>
internal static class RawPipelinePhase
{
    public const string Name = "raw consume->produce";

    /// <summary>The same raw loop over the hub's own input records (CloudEvents: the same value plus six headers).</summary>
    public const string CloudEventName = "raw consume->produce, CloudEvent records";

    public static async Task<PhaseResult> RunAsync(
        string bootstrapServers, string warmUpTopic, string inputTopic, string outputTopic, int total, WatermarkCounter counter, TimeProvider time, CancellationToken cancellationToken, string name = Name)
    {
        var groupId = "bench-raw-pipeline-" + inputTopic;
        using var producer = KafkaClients.Producer(bootstrapServers, "bench-raw-pipeline");
        KafkaClients.WarmUp(producer, warmUpTopic);
        using var consumer = KafkaClients.Consumer(bootstrapServers, groupId);
        var clock = new AckClock(total, time);
        long failed = 0;
        void OnDelivery(DeliveryReport<byte[]?, byte[]> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref failed);
            }
            else
            {
                clock.Acknowledged();
            }
        }

        var start = time.GetTimestamp();
        var pump = Task.Factory.StartNew(
            () => Pump(consumer, producer, inputTopic, outputTopic, total, OnDelivery, clock, cancellationToken),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        var (count, seen) = await counter.WaitForAsync(outputTopic, total, cancellationToken).ConfigureAwait(false);
        await pump.ConfigureAwait(false);
        if (Interlocked.Read(ref failed) > 0)
        {
            Console.WriteLine($"WARNING {name}: {Interlocked.Read(ref failed)} deliveries failed");
        }

        return clock.Result(name, total, start, count, seen);
    }

    private static void Pump(
        IConsumer<byte[]?, byte[]?> consumer,
        IProducer<byte[]?, byte[]> producer,
        string inputTopic,
        string outputTopic,
        int total,
        Action<DeliveryReport<byte[]?, byte[]>> onDelivery,
        AckClock clock,
        CancellationToken cancellationToken)
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
                ProducePhase.ProduceWithBackpressure(producer, outputTopic, message, onDelivery, cancellationToken);
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
