using Confluent.Kafka;

namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>
/// Raw Confluent.Kafka produce: <c>Produce</c> with a delivery handler, timed from the first call to the last
/// delivery report, with a producer that is already connected.
/// </summary>
internal static class ProducePhase
{
    public static Task<PhaseResult> RunAsync(
        string name, string bootstrapServers, string warmUpTopic, string topic, IReadOnlyList<Message<byte[]?, byte[]>> messages, TimeProvider time, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () => Run(name, bootstrapServers, warmUpTopic, topic, messages, time, cancellationToken),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private static PhaseResult Run(
        string name, string bootstrapServers, string warmUpTopic, string topic, IReadOnlyList<Message<byte[]?, byte[]>> messages, TimeProvider time, CancellationToken cancellationToken)
    {
        using var producer = KafkaClients.Producer(bootstrapServers, "bench-producer");
        KafkaClients.WarmUp(producer, warmUpTopic);
        using var done = new ManualResetEventSlim();
        long reports = 0;
        long delivered = 0;
        long failed = 0;
        var total = messages.Count;
        void OnDelivery(DeliveryReport<byte[]?, byte[]> report)
        {
            if (report.Error.IsError || report.Status != PersistenceStatus.Persisted)
            {
                Interlocked.Increment(ref failed);
            }
            else
            {
                Interlocked.Increment(ref delivered);
            }

            if (Interlocked.Increment(ref reports) == total)
            {
                done.Set();
            }
        }

        var start = time.GetTimestamp();
        var timedOut = false;
        try
        {
            foreach (var message in messages)
            {
                ProduceWithBackpressure(producer, topic, message, OnDelivery, cancellationToken);
            }

            done.Wait(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
        }

        var elapsed = time.GetElapsedTime(start);
        if (Interlocked.Read(ref failed) > 0)
        {
            Console.WriteLine($"WARNING {name}: {Interlocked.Read(ref failed)} deliveries failed");
        }

        return new PhaseResult(name, total, Interlocked.Read(ref delivered), elapsed, null, timedOut);
    }

    /// <summary>Produces one record, waiting while librdkafka's local queue is full.</summary>
    public static void ProduceWithBackpressure(
        IProducer<byte[]?, byte[]> producer, string topic, Message<byte[]?, byte[]> message, Action<DeliveryReport<byte[]?, byte[]>> onDelivery, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                producer.Produce(topic, message, onDelivery);
                return;
            }
            catch (ProduceException<byte[]?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                Thread.Sleep(1);
            }
        }
    }
}
