using System.Globalization;
using System.Text;
using Confluent.Kafka;
using IntegrationHub.Diagnostics;
using IntegrationHub.Kafka.Envelope;
using IntegrationHub.Kafka.Producing;
using IntegrationHub.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Kafka.Consuming;

/// <summary>
/// At-least-once consumer loop for one <see cref="KafkaSubscription"/>. A record's offset is stored (and later
/// committed) only after its handler succeeded or it was confirmed on the dead-letter topic; a crash in between
/// redelivers it. Failed attempts are retried with jittered exponential backoff up to <see cref="KafkaOptions.MaxAttempts"/>;
/// poison records (<see cref="PoisonMessageException"/>) skip the retries. Records are handled one at a time in
/// partition order, so per-key order holds. On stop the current record finishes, offsets are committed and the
/// consumer leaves its group (<c>Close()</c>).
/// </summary>
public sealed partial class KafkaConsumerService(
    KafkaSubscription subscription,
    KafkaConnection connection,
    KafkaProducerHost producers,
    IServiceScopeFactory scopes,
    FlowCounters counters,
    TimeProvider time,
    ILogger<KafkaConsumerService> logger) : BackgroundService
{
    private readonly Random _jitter = new();

    public KafkaSubscription Subscription => subscription;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Consume() blocks, so the loop gets a thread of its own instead of a pool thread.
        Task.Factory.StartNew(() => RunAsync(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(connection.ConsumerConfig(subscription.GroupId))
            .SetLogHandler((_, m) => KafkaLog.Client(logger, m))
            .SetErrorHandler((_, e) => KafkaLog.ClientError(logger, e.Code.ToString(), e.Reason, e.IsFatal))
            .SetPartitionsAssignedHandler((_, p) => LogAssigned(logger, subscription.Topic, subscription.GroupId, string.Join(',', p.Select(x => x.Partition.Value))))
            .SetPartitionsRevokedHandler((_, p) => LogRevoked(logger, subscription.Topic, subscription.GroupId, string.Join(',', p.Select(x => x.Partition.Value))))
            .Build();
        consumer.Subscribe(subscription.Topic);
        LogStarted(logger, subscription.Topic, subscription.GroupId);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ConsumeResult<byte[]?, byte[]?> record;
                try
                {
                    record = consumer.Consume(stoppingToken);
                }
                catch (ConsumeException ex) when (ex.Error.Code == ErrorCode.UnknownTopicOrPart)
                {
                    // Normal before the first record is produced to a topic that is created on first use.
                    LogTopicMissing(logger, subscription.Topic);
                    continue;
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    LogConsumeError(logger, subscription.Topic, ex.Error.Code.ToString(), ex.Error.Reason);
                    continue;
                }

                if (record?.Message is null)
                {
                    continue;
                }

                if (await ProcessAsync(record, stoppingToken).ConfigureAwait(false))
                {
                    consumer.StoreOffset(record);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogFatal(logger, ex, subscription.Topic, subscription.GroupId);
            throw;
        }
        finally
        {
            // Commits the stored offsets and leaves the group so partitions move to other members at once.
            consumer.Close();
            LogStopped(logger, subscription.Topic, subscription.GroupId);
        }
    }

    /// <returns>True when the record is done with (handled, or confirmed on the DLQ); false when stopping mid-record.</returns>
    private async Task<bool> ProcessAsync(ConsumeResult<byte[]?, byte[]?> record, CancellationToken stoppingToken)
    {
        var options = connection.Options;
        Exception? last = null;
        var attempt = 0;
        while (attempt < options.MaxAttempts)
        {
            attempt++;
            try
            {
                var evt = CloudEventKafkaCodec.FromKafka(record.Message.Headers, record.Message.Value);
                var key = record.Message.Key is null ? null : Encoding.UTF8.GetString(record.Message.Key);
                var message = new ReceivedMessage(record.Topic, record.Partition.Value, record.Offset.Value, key, evt, attempt);
                await using var scope = scopes.CreateAsyncScope();
                var handler = (IMessageHandler)scope.ServiceProvider.GetRequiredService(subscription.HandlerType);
                await handler.HandleAsync(message, stoppingToken).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (PoisonMessageException ex)
            {
                last = ex;
                LogPoison(logger, record.Topic, record.Partition.Value, record.Offset.Value, ex.Message);
                break;
            }
            catch (Exception ex)
            {
                last = ex;
                counters.Failed();
                if (attempt >= options.MaxAttempts)
                {
                    break;
                }

                var delay = RetryBackoff.For(attempt, options.RetryBackoff, options.MaxRetryBackoff, _jitter);
                LogRetry(logger, ex, record.Topic, record.Partition.Value, record.Offset.Value, attempt, options.MaxAttempts, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }

        return await DeadLetterAsync(record, last!, attempt, stoppingToken).ConfigureAwait(false);
    }

    private async Task<bool> DeadLetterAsync(ConsumeResult<byte[]?, byte[]?> record, Exception error, int attempts, CancellationToken stoppingToken)
    {
        var headers = new Headers();
        foreach (var h in record.Message.Headers ?? [])
        {
            headers.Add(h.Key, h.GetValueBytes());
        }

        void Add(string name, string value) => headers.Add(name, Encoding.UTF8.GetBytes(value));
        Add(DeadLetterHeaders.Reason, error.Message);
        Add(DeadLetterHeaders.ExceptionType, error.GetType().FullName ?? error.GetType().Name);
        Add(DeadLetterHeaders.Attempts, attempts.ToString(CultureInfo.InvariantCulture));
        Add(DeadLetterHeaders.OriginalTopic, record.Topic);
        Add(DeadLetterHeaders.OriginalPartition, record.Partition.Value.ToString(CultureInfo.InvariantCulture));
        Add(DeadLetterHeaders.OriginalOffset, record.Offset.Value.ToString(CultureInfo.InvariantCulture));
        Add(DeadLetterHeaders.ConsumerGroup, subscription.GroupId);
        Add(DeadLetterHeaders.FailedAt, time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        var message = new Message<byte[]?, byte[]> { Key = record.Message.Key, Value = record.Message.Value ?? [], Headers = headers };

        // The record must not be skipped unless the DLQ has it: keep trying until it is confirmed or we stop.
        for (var failures = 1; ; failures++)
        {
            try
            {
                var result = await producers.Producer.ProduceAsync(subscription.DeadLetterTopic, message, stoppingToken).ConfigureAwait(false);
                if (result.Status == PersistenceStatus.Persisted)
                {
                    counters.DeadLettered();
                    LogDeadLettered(logger, record.Topic, record.Partition.Value, record.Offset.Value, subscription.DeadLetterTopic, attempts, error.Message);
                    return true;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (ProduceException<byte[]?, byte[]> ex)
            {
                LogDeadLetterFailed(logger, subscription.DeadLetterTopic, ex.Error.Reason);
            }

            try
            {
                await Task.Delay(RetryBackoff.For(failures, connection.Options.RetryBackoff, connection.Options.MaxRetryBackoff, _jitter), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer for {Topic} started in group {GroupId}")]
    private static partial void LogStarted(ILogger logger, string topic, string groupId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer for {Topic} in group {GroupId} closed; offsets committed")]
    private static partial void LogStopped(ILogger logger, string topic, string groupId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partitions of {Topic} assigned to this member of {GroupId}: [{Partitions}]")]
    private static partial void LogAssigned(ILogger logger, string topic, string groupId, string partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partitions of {Topic} revoked from this member of {GroupId}: [{Partitions}]")]
    private static partial void LogRevoked(ILogger logger, string topic, string groupId, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consume error on {Topic}: {Code} {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string topic, string code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Topic {Topic} does not exist yet; the consumer waits for it")]
    private static partial void LogTopicMissing(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Consumer for {Topic} in group {GroupId} stopped on a fatal error")]
    private static partial void LogFatal(ILogger logger, Exception ex, string topic, string groupId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler failed for {Topic}[{Partition}]@{Offset}, attempt {Attempt} of {MaxAttempts}; retrying in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, Exception ex, string topic, int partition, long offset, int attempt, int maxAttempts, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poison record {Topic}[{Partition}]@{Offset}: {Reason}")]
    private static partial void LogPoison(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Record {Topic}[{Partition}]@{Offset} moved to {DeadLetterTopic} after {Attempts} attempts: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string topic, int partition, long offset, string deadLetterTopic, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write to {DeadLetterTopic} ({Reason}); the record stays uncommitted and is retried")]
    private static partial void LogDeadLetterFailed(ILogger logger, string deadLetterTopic, string reason);
}
