using System.Globalization;
using System.Text;
using Confluent.Kafka;
using IntegrationHub.Diagnostics;
using IntegrationHub.Kafka.Envelope;
using IntegrationHub.Kafka.Producing;
using IntegrationHub.Messaging;
using IntegrationHub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Kafka.Consuming;

/// <summary>
/// Handles one consumed record to the end: decode the CloudEvent, run the handler in its own DI scope, retry failures
/// with jittered exponential backoff up to <see cref="KafkaOptions.MaxAttempts"/>, and move a record that still fails
/// (or is poison) to the dead-letter topic with the reason in headers. A store outage (<see cref="IStoreOutage"/>) is not
/// the record's fault: the record waits for the store, with the same backoff, without spending an attempt, and is never
/// dead-lettered for it. A dead-lettered record is recorded in the <see cref="IDeadLetterStore"/> (when the hub has one)
/// before it is written to the dead-letter topic, so every record on the DLQ is also an entry a person can find, replay or
/// discard. A replayed copy (<see cref="DeadLetterHeaders.ReplayOf"/>) that succeeds resolves its entry; one for another
/// consumer group is passed by. Thread-safe: records of different keys run concurrently.
/// </summary>
internal sealed partial class KafkaRecordProcessor(
    KafkaSubscription subscription,
    KafkaConnection connection,
    KafkaProducerHost producers,
    IServiceScopeFactory scopes,
    FlowCounters counters,
    TimeProvider time,
    ILogger logger,
    IStoreOutage? outage,
    IDeadLetterStore? deadLetters)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly Random _jitter = Random.Shared;

    /// <returns>True when the record is done with (handled, or confirmed on the DLQ); false when stopping mid-record.</returns>
    public async Task<bool> ProcessAsync(ConsumeResult<byte[]?, byte[]?> record, CancellationToken stoppingToken)
    {
        var (replayOf, replayGroup) = ReplayMarks(record.Message.Headers);
        if (replayGroup is not null && !string.Equals(replayGroup, subscription.GroupId, StringComparison.Ordinal))
        {
            LogReplayForOtherGroup(logger, record.Topic, record.Partition.Value, record.Offset.Value, replayGroup);
            return true;
        }

        var options = connection.Options;
        Exception? last = null;
        var attempt = 0;
        var waits = 0;
        while (attempt < options.MaxAttempts)
        {
            attempt++;
            try
            {
                var evt = CloudEventKafkaCodec.FromKafka(record.Message.Headers, record.Message.Value);
                var key = record.Message.Key is null ? null : Encoding.UTF8.GetString(record.Message.Key);
                var message = new ReceivedMessage(record.Topic, record.Partition.Value, record.Offset.Value, key, evt, attempt);
                using var span = KafkaTracing.StartProcess(record.Topic, record.Partition.Value, record.Offset.Value, subscription.GroupId, evt);
                await using var scope = scopes.CreateAsyncScope();
                var handler = subscription.CreateHandler(scope.ServiceProvider);
                try
                {
                    await handler.HandleAsync(message, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (span is not null)
                {
                    span.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
                    throw;
                }

                if (replayOf is { } entry)
                {
                    await ResolveAsync(entry, record).ConfigureAwait(false);
                }

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
            catch (Exception ex) when (outage?.Is(ex) == true)
            {
                attempt--;
                waits++;
                var delay = RetryBackoff.For(Math.Min(waits, 16), options.RetryBackoff, options.MaxRetryBackoff, _jitter);
                if (waits == 1)
                {
                    LogStoreOutage(logger, record.Topic, record.Partition.Value, record.Offset.Value, ex.GetType().Name, ex.Message);
                }

                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
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

        return await DeadLetterAsync(record, last!, attempt, replayOf, stoppingToken).ConfigureAwait(false);
    }

    private async Task ResolveAsync(long entry, ConsumeResult<byte[]?, byte[]?> record)
    {
        if (deadLetters is null)
        {
            return;
        }

        try
        {
            if (await deadLetters.ResolveAsync(entry, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false))
            {
                LogReplayResolved(logger, entry, record.Topic, record.Partition.Value, record.Offset.Value);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The record was handled; only the entry's bookkeeping is late (it stays "replayed").
            LogResolveFailed(logger, entry, ex.GetType().Name, ex.Message);
        }
    }

    private static (long? Of, string? Group) ReplayMarks(Headers? headers)
    {
        if (headers is null)
        {
            return (null, null);
        }

        long? of = headers.TryGetLastBytes(DeadLetterHeaders.ReplayOf, out var id)
            && long.TryParse(Encoding.UTF8.GetString(id), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var group = headers.TryGetLastBytes(DeadLetterHeaders.ReplayGroup, out var g) ? Encoding.UTF8.GetString(g) : null;
        return (of, group);
    }

    private DeadLetterFailure Failure(ConsumeResult<byte[]?, byte[]?> record, Exception error, int attempts, long? replayOf)
    {
        var headers = new List<DeadLetterHeader>();
        foreach (var h in record.Message.Headers ?? [])
        {
            var bytes = h.GetValueBytes() ?? [];
            try
            {
                headers.Add(new DeadLetterHeader(h.Key, StrictUtf8.GetString(bytes)));
            }
            catch (DecoderFallbackException)
            {
                headers.Add(new DeadLetterHeader(h.Key, Convert.ToBase64String(bytes), Base64: true));
            }
        }

        var (workflow, instance) = FailureOrigin.Read(error);
        return new DeadLetterFailure(record.Topic, record.Partition.Value, record.Offset.Value, subscription.GroupId, subscription.DeadLetterTopic,
            subscription.Flow, record.Message.Key is null ? null : Encoding.UTF8.GetString(record.Message.Key), headers, record.Message.Value ?? [],
            error.Message, error.GetType().FullName ?? error.GetType().Name, attempts, workflow, instance, time.GetUtcNow(), replayOf);
    }

    private async Task<bool> DeadLetterAsync(ConsumeResult<byte[]?, byte[]?> record, Exception error, int attempts, long? replayOf, CancellationToken stoppingToken)
    {
        // The record must not be skipped unless the store has its entry (when the hub has a store) and the DLQ has it:
        // keep trying until both are confirmed or we stop. Recording it again after a crash changes nothing.
        long? entry = null;
        for (var failures = 1; ; failures++)
        {
            try
            {
                if (deadLetters is not null && entry is null)
                {
                    entry = await deadLetters.RecordAsync(Failure(record, error, attempts, replayOf), stoppingToken).ConfigureAwait(false);
                }

                var result = await producers.Producer.ProduceAsync(subscription.DeadLetterTopic, DeadLetterMessage(record, error, attempts, entry), stoppingToken).ConfigureAwait(false);
                if (result.Status == PersistenceStatus.Persisted)
                {
                    counters.DeadLettered(subscription.Flow);
                    LogDeadLettered(logger, record.Topic, record.Partition.Value, record.Offset.Value, subscription.DeadLetterTopic, attempts, entry, error.Message);
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
            catch (Exception ex) when (entry is null && ex is not OutOfMemoryException)
            {
                LogDeadLetterRecordFailed(logger, record.Topic, record.Partition.Value, record.Offset.Value, ex.GetType().Name, ex.Message);
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

    private Message<byte[]?, byte[]> DeadLetterMessage(ConsumeResult<byte[]?, byte[]?> record, Exception error, int attempts, long? entry)
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
        if (entry is { } id)
        {
            Add(DeadLetterHeaders.Entry, id.ToString(CultureInfo.InvariantCulture));
        }

        return new Message<byte[]?, byte[]> { Key = record.Message.Key, Value = record.Message.Value ?? [], Headers = headers };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler failed for {Topic}[{Partition}]@{Offset}, attempt {Attempt} of {MaxAttempts}; retrying in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, Exception ex, string topic, int partition, long offset, int attempt, int maxAttempts, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store cannot answer for {Topic}[{Partition}]@{Offset} ({ExceptionType}: {Reason}); the record waits for it without spending an attempt")]
    private static partial void LogStoreOutage(ILogger logger, string topic, int partition, long offset, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poison record {Topic}[{Partition}]@{Offset}: {Reason}")]
    private static partial void LogPoison(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Record {Topic}[{Partition}]@{Offset} moved to {DeadLetterTopic} after {Attempts} attempts (dead letter {DeadLetterId}): {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string topic, int partition, long offset, string deadLetterTopic, int attempts, long? deadLetterId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the dead letter of {Topic}[{Partition}]@{Offset} ({ExceptionType}: {Reason}); the record stays uncommitted and is retried")]
    private static partial void LogDeadLetterRecordFailed(ILogger logger, string topic, int partition, long offset, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Replayed record {Topic}[{Partition}]@{Offset} is for consumer group {ReplayGroup}: passed by")]
    private static partial void LogReplayForOtherGroup(ILogger logger, string topic, int partition, long offset, string replayGroup);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead letter {DeadLetterId} resolved: its replay {Topic}[{Partition}]@{Offset} was handled")]
    private static partial void LogReplayResolved(ILogger logger, long deadLetterId, string topic, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead letter {DeadLetterId}'s replay was handled but the entry could not be marked resolved ({ExceptionType}: {Reason})")]
    private static partial void LogResolveFailed(ILogger logger, long deadLetterId, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write to {DeadLetterTopic} ({Reason}); the record stays uncommitted and is retried")]
    private static partial void LogDeadLetterFailed(ILogger logger, string deadLetterTopic, string reason);
}
