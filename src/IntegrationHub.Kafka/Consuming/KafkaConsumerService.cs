using System.Text;
using Confluent.Kafka;
using IntegrationHub.Diagnostics;
using IntegrationHub.Kafka.Producing;
using IntegrationHub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Kafka.Consuming;

/// <summary>
/// At-least-once consumer loop for one <see cref="KafkaSubscription"/>. Up to <see cref="KafkaOptions.MaxInFlight"/>
/// records are handled at once, but records with the same key run one after another in offset order (per-key order
/// holds; keys are customer hub ids). A partition's offset is stored (and later committed) only up to the lowest record
/// not yet finished (handled, or confirmed on the dead-letter topic), so a crash redelivers anything unfinished. When
/// full it waits for a slot; full for long, it pauses its partitions and keeps polling. On revocation it finishes the revoked partitions' records
/// first; on stop it lets in-flight records finish (or abandons them uncommitted when cancelled), commits and leaves
/// the group (<c>Close()</c>).
/// </summary>
public sealed partial class KafkaConsumerService : BackgroundService
{
    private static readonly TimeSpan PollWhileBusy = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan PollWhileIdle = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan PauseWhenFullFor = TimeSpan.FromSeconds(30);

    private readonly KafkaSubscription _subscription;
    private readonly KafkaConnection _connection;
    private readonly KafkaRecordProcessor _processor;
    private readonly ILogger<KafkaConsumerService> _logger;
    private readonly OffsetTracker _tracker = new();
    private readonly CompletionInbox _completions = new();
    private readonly Dictionary<string, Task<bool>> _tails = new(StringComparer.Ordinal);
    private readonly Dictionary<TopicPartition, TopicPartitionOffset> _toStore = [];
    private readonly TimeProvider _time;
    private readonly FlowCounters _counters;
    private bool _paused;
    private long? _fullSince;

    public KafkaConsumerService(
        KafkaSubscription subscription,
        KafkaConnection connection,
        KafkaProducerHost producers,
        IServiceScopeFactory scopes,
        FlowCounters counters,
        TimeProvider time,
        ILogger<KafkaConsumerService> logger,
        IStoreOutage? outage = null,
        IDeadLetterStore? deadLetters = null)
    {
        _subscription = subscription;
        _connection = connection;
        _logger = logger;
        _time = time;
        _counters = counters;
        _processor = new KafkaRecordProcessor(subscription, connection, producers, scopes, counters, time, logger, outage, deadLetters);
    }

    public KafkaSubscription Subscription => _subscription;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Consume() blocks, so the loop gets a thread of its own instead of a pool thread.
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        var maxInFlight = _connection.Options.MaxInFlight;
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(_connection.ConsumerConfig(_subscription.GroupId))
            .SetLogHandler((_, m) => KafkaLog.Client(_logger, m))
            .SetErrorHandler((_, e) => KafkaLog.ClientError(_logger, e.Code.ToString(), e.Reason, e.IsFatal))
            .SetPartitionsAssignedHandler((_, p) => LogAssigned(_logger, _subscription.Topic, _subscription.GroupId, Partitions(p)))
            .SetPartitionsRevokedHandler((c, p) => OnRevoked(c, p.Select(x => x.TopicPartition).ToList()))
            .SetPartitionsLostHandler((_, p) => OnLost(p.Select(x => x.TopicPartition).ToList()))
            .Build();
        consumer.Subscribe(_subscription.Topic);
        LogStarted(_logger, _subscription.Topic, _subscription.GroupId, maxInFlight);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Drain(consumer);
                if (Throttle(consumer, maxInFlight))
                {
                    // Full: wait until a quarter of the slots are free (or a short while), so that one wake-up of this
                    // thread starts a batch of records instead of one record per completion.
                    WaitForCompletions(Math.Max(1, maxInFlight / 4));
                    if (!_paused)
                    {
                        continue;
                    }
                }

                ConsumeResult<byte[]?, byte[]?>? record;
                try
                {
                    // While paused the poll only keeps the membership alive (a record can still come from a partition
                    // assigned after the pause; it is handled like any other).
                    record = consumer.Consume(_paused ? TimeSpan.Zero : _tracker.InFlight > 0 ? PollWhileBusy : PollWhileIdle);
                }
                catch (ConsumeException ex) when (ex.Error.Code == ErrorCode.UnknownTopicOrPart)
                {
                    // Normal before the first record is produced to a topic that is created on first use.
                    LogTopicMissing(_logger, _subscription.Topic);
                    stoppingToken.WaitHandle.WaitOne(PollWhileIdle);
                    continue;
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    LogConsumeError(_logger, _subscription.Topic, ex.Error.Code.ToString(), ex.Error.Reason);
                    continue;
                }

                if (record?.Message is not null)
                {
                    NoteLag(consumer, record);
                    Start(record, stoppingToken);
                }
            }
        }
        catch (Exception ex)
        {
            LogFatal(_logger, ex, _subscription.Topic, _subscription.GroupId);
            throw;
        }
        finally
        {
            // Let in-flight records finish (cancelled ones stay uncommitted), store what finished, commit, leave the group.
            WaitAll(_tails.Values);
            Drain(consumer);
            consumer.Close();
            LogStopped(_logger, _subscription.Topic, _subscription.GroupId);
        }
    }

    /// <summary>Consumer lag for GET /api/v1/flows: the client's cached high watermark (no broker call) minus the next offset.</summary>
    private void NoteLag(IConsumer<byte[]?, byte[]?> consumer, ConsumeResult<byte[]?, byte[]?> record)
    {
        if (_subscription.Flow is { } flow && consumer.GetWatermarkOffsets(record.TopicPartition) is { High.Value: >= 0 } marks)
        {
            _counters.ConsumerLag(flow, record.TopicPartition.ToString(), marks.High.Value - (record.Offset.Value + 1));
        }
    }

    private void Start(ConsumeResult<byte[]?, byte[]?> record, CancellationToken stoppingToken)
    {
        var position = record.TopicPartitionOffset;
        _tracker.Started(position);
        // Same key: run after the previous record of that key. No key: no order to keep.
        var key = record.Message.Key is { } k ? Encoding.UTF8.GetString(k) : $"\0{position}";
        _tails.TryGetValue(key, out var previous);
        var task = RunAfterAsync(previous, record, stoppingToken);
        _tails[key] = task;
        task.ContinueWith(
            t => _completions.Post(new RecordCompletion(position, key, t, t.IsCompletedSuccessfully && t.Result)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task<bool> RunAfterAsync(Task<bool>? previous, ConsumeResult<byte[]?, byte[]?> record, CancellationToken stoppingToken)
    {
        if (previous is not null)
        {
            await previous.ConfigureAwait(false);
        }

        return await _processor.ProcessAsync(record, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores offsets of finished records; runs on the consumer thread only. One store per partition per drain: only the
    /// highest offset that may be stored matters, and each store is a call into librdkafka.
    /// </summary>
    private void Drain(IConsumer<byte[]?, byte[]?> consumer)
    {
        while (_completions.TryTake(out var done))
        {
            if (_tails.TryGetValue(done.Key, out var tail) && ReferenceEquals(tail, done.Task))
            {
                _tails.Remove(done.Key);
            }

            if (!done.Finished)
            {
                _tracker.Abandoned(done.Position); // cancelled while stopping: never stored, redelivered later
                continue;
            }

            if (_tracker.Completed(done.Position) is { } offset)
            {
                _toStore[offset.TopicPartition] = offset;
            }
        }

        foreach (var offset in _toStore.Values)
        {
            try
            {
                consumer.StoreOffset(offset);
            }
            catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_State)
            {
                // The partition is no longer ours; its next owner redelivers from the last commit.
            }
        }

        _toStore.Clear();
    }

    /// <returns>True while full: no new record may start.</returns>
    private bool Throttle(IConsumer<byte[]?, byte[]?> consumer, int maxInFlight)
    {
        if (_tracker.InFlight < maxInFlight)
        {
            _fullSince = null;
            if (_paused)
            {
                consumer.Resume(consumer.Assignment);
                _paused = false;
            }

            return false;
        }

        // Full. Normally slots free up within milliseconds and we simply wait without polling: pausing is costly (it
        // drops what librdkafka prefetched and a resumed fetch takes ~100 ms). Only when full for long, which would
        // breach max.poll.interval.ms and cost the group membership, pause and keep polling.
        _fullSince ??= _time.GetTimestamp();
        if (!_paused && _time.GetElapsedTime(_fullSince.Value) > PauseWhenFullFor)
        {
            consumer.Pause(consumer.Assignment);
            _paused = true;
        }

        return true;
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        LogRevoked(_logger, _subscription.Topic, _subscription.GroupId, Partitions(partitions));
        // Finish what we hold of these partitions and store it before they move to another member.
        while (true)
        {
            Drain(consumer);
            if (!partitions.Any(_tracker.HasInFlight))
            {
                break;
            }

            WaitForCompletions(1);
        }

        partitions.ForEach(_tracker.Forget);
    }

    private void OnLost(List<TopicPartition> partitions)
    {
        LogLost(_logger, _subscription.Topic, _subscription.GroupId, Partitions(partitions));
        partitions.ForEach(_tracker.Forget);
    }

    /// <summary>Blocks the loop until <paramref name="count"/> records finished since the last drain, or at most <see cref="PollWhileBusy"/>.</summary>
    private void WaitForCompletions(int count) => _completions.Wait(count, PollWhileBusy);

    private static void WaitAll(IEnumerable<Task<bool>> tasks)
    {
        try
        {
            Task.WaitAll(tasks.ToArray());
        }
        catch (AggregateException)
        {
            // Processor tasks do not fault; cancellation of a record only means it stays uncommitted.
        }
    }

    private static string Partitions(IEnumerable<TopicPartition> partitions) => string.Join(',', partitions.Select(p => p.Partition.Value));

    private static string Partitions(IEnumerable<TopicPartitionOffset> partitions) => Partitions(partitions.Select(p => p.TopicPartition));

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer for {Topic} started in group {GroupId} ({MaxInFlight} records in flight at most)")]
    private static partial void LogStarted(ILogger logger, string topic, string groupId, int maxInFlight);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer for {Topic} in group {GroupId} closed; offsets committed")]
    private static partial void LogStopped(ILogger logger, string topic, string groupId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partitions of {Topic} assigned to this member of {GroupId}: [{Partitions}]")]
    private static partial void LogAssigned(ILogger logger, string topic, string groupId, string partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partitions of {Topic} revoked from this member of {GroupId}: [{Partitions}]")]
    private static partial void LogRevoked(ILogger logger, string topic, string groupId, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partitions of {Topic} lost by this member of {GroupId}: [{Partitions}]; their unfinished records will be redelivered")]
    private static partial void LogLost(ILogger logger, string topic, string groupId, string partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Topic {Topic} does not exist yet; the consumer waits for it")]
    private static partial void LogTopicMissing(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consume error on {Topic}: {Code} {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string topic, string code, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Consumer for {Topic} in group {GroupId} stopped on a fatal error")]
    private static partial void LogFatal(ILogger logger, Exception ex, string topic, string groupId);
}
