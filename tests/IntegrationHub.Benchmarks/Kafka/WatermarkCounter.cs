using Confluent.Kafka;

namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>Counts the records of a topic as the sum of its partitions' high watermarks (idempotent, non-transactional producers only).</summary>
internal sealed class WatermarkCounter(string bootstrapServers, IReadOnlyDictionary<string, int> partitions, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    private readonly IConsumer<Ignore, Ignore> _client = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
    {
        BootstrapServers = bootstrapServers,
        GroupId = "bench-watermarks",
        ClientId = "bench-watermarks",
    }).SetLogHandler((_, _) => { }).Build();

    public long High(string topic) => Sum(topic, w => w.High.Value);

    public long Low(string topic) => Sum(topic, w => w.Low.Value);

    /// <summary>Polls until <paramref name="topic"/> holds <paramref name="target"/> records or the token fires.</summary>
    /// <returns>The last count and the timestamp (<see cref="TimeProvider.GetTimestamp"/>) it was seen at.</returns>
    public async Task<(long Count, long Timestamp)> WaitForAsync(string topic, long target, CancellationToken cancellationToken)
    {
        while (true)
        {
            var count = High(topic);
            var seen = time.GetTimestamp();
            if (count >= target || cancellationToken.IsCancellationRequested)
            {
                return (count, seen);
            }

            try
            {
                await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return (count, seen);
            }
        }
    }

    public void Dispose() => _client.Dispose();

    private long Sum(string topic, Func<WatermarkOffsets, long> pick)
    {
        long sum = 0;
        for (var p = 0; p < partitions[topic]; p++)
        {
            sum += pick(_client.QueryWatermarkOffsets(new TopicPartition(topic, p), QueryTimeout));
        }

        return sum;
    }
}
