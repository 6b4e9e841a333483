using System.Globalization;
using System.Text;
using Confluent.Kafka;
using IntegrationHub.Kafka.Producing;
using IntegrationHub.Storage;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Kafka.Consuming;

/// <summary>
/// Republishes dead letters to their original topic: the original key (so the same partition and order as its key's
/// other records), payload and headers, plus <see cref="DeadLetterHeaders.ReplayOf"/> and
/// <see cref="DeadLetterHeaders.ReplayGroup"/>, so only the consumer group that failed handles the copy and its outcome
/// lands on the same entry. The entry is marked replayed once Kafka has the copy. Effects stay idempotent: a copy of
/// a record that was half handled meets the same idempotency keys as the original.
/// </summary>
public sealed partial class DeadLetterReplayer(KafkaProducerHost producers, IDeadLetterStore store, TimeProvider time, ILogger<DeadLetterReplayer> logger)
{
    /// <summary>The most entries one bulk replay republishes.</summary>
    public const int MaxBulk = 10_000;

    private const int BulkPage = 200;

    /// <summary>Replays one entry; <see cref="ReplayResult.Entry"/> is null when there is no such entry.</summary>
    /// <exception cref="KafkaException">Kafka did not take the copy (nothing is marked).</exception>
    public async Task<ReplayResult> ReplayAsync(long id, string by, CancellationToken cancellationToken)
    {
        var entry = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return new ReplayResult(null, false);
        }

        if (entry.Status is not (DeadLetterStatus.Open or DeadLetterStatus.Replayed))
        {
            return new ReplayResult(entry, false);
        }

        await PublishAsync(entry, cancellationToken).ConfigureAwait(false);
        var marked = await store.MarkReplayedAsync(id, by, time.GetUtcNow(), entry.Failures, cancellationToken).ConfigureAwait(false);
        LogReplayed(logger, id, entry.Topic, entry.ConsumerGroup, by);
        return new ReplayResult(await store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? entry, marked);
    }

    /// <summary>
    /// Replays the entries matching <paramref name="query"/> (its status must be open or replayed), newest first, at most
    /// <paramref name="max"/>, a page at a time (a page's copies are produced together, then marked); returns the ids
    /// replayed and whether more match.
    /// </summary>
    /// <exception cref="DeadLetterReplayException">Kafka did not take some copies; the ones it took are marked and named.</exception>
    public async Task<BulkReplayResult> ReplayAsync(DeadLetterQuery query, int max, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Status is not (DeadLetterStatus.Open or DeadLetterStatus.Replayed))
        {
            throw new ArgumentException("Only open or replayed dead letters can be replayed.", nameof(query));
        }

        max = Math.Clamp(max, 1, MaxBulk);
        var replayed = new List<long>();
        var before = 0L;
        var more = false;
        while (replayed.Count < max)
        {
            var want = Math.Min(BulkPage, max - replayed.Count);
            var page = await store.ListAsync(query, before, want + 1, cancellationToken).ConfigureAwait(false);
            var batch = page.Take(want).ToList();
            if (batch.Count == 0)
            {
                break;
            }

            var published = batch.Select(e => PublishAsync(e, cancellationToken)).ToList();
            await Task.WhenAll(published.Select(t => t.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default))).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                if (published[i].IsCompletedSuccessfully)
                {
                    await store.MarkReplayedAsync(batch[i].Id, by, time.GetUtcNow(), batch[i].Failures, cancellationToken).ConfigureAwait(false);
                    replayed.Add(batch[i].Id);
                }
            }

            if (published.FirstOrDefault(t => !t.IsCompletedSuccessfully) is { } failed)
            {
                LogBulkReplayed(logger, replayed.Count, by);
                throw new DeadLetterReplayException(replayed, failed.Exception?.InnerException ?? new OperationCanceledException(cancellationToken));
            }

            before = batch[^1].Id;
            more = page.Count > want;
            if (!more)
            {
                break;
            }
        }

        LogBulkReplayed(logger, replayed.Count, by);
        return new BulkReplayResult(replayed, more);
    }

    private async Task PublishAsync(DeadLetterEntry entry, CancellationToken cancellationToken)
    {
        var headers = new Headers();
        foreach (var h in entry.Headers.Where(h => !DeadLetterHeaders.IsHubHeader(h.Name)))
        {
            headers.Add(h.Name, h.Base64 ? Convert.FromBase64String(h.Value) : Encoding.UTF8.GetBytes(h.Value));
        }

        headers.Add(DeadLetterHeaders.ReplayOf, Encoding.UTF8.GetBytes(entry.Id.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.ReplayGroup, Encoding.UTF8.GetBytes(entry.ConsumerGroup));
        var message = new Message<byte[]?, byte[]>
        {
            Key = entry.Key is null ? null : Encoding.UTF8.GetBytes(entry.Key),
            Value = entry.Payload,
            Headers = headers,
        };
        var result = await producers.Producer.ProduceAsync(entry.Topic, message, cancellationToken).ConfigureAwait(false);
        if (result.Status != PersistenceStatus.Persisted)
        {
            throw new KafkaException(new Error(ErrorCode.Unknown, $"Kafka did not confirm the replay of dead letter {entry.Id} to {entry.Topic} ({result.Status})."));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead letter {DeadLetterId} replayed to {Topic} for consumer group {ConsumerGroup} by {By}")]
    private static partial void LogReplayed(ILogger logger, long deadLetterId, string topic, string consumerGroup, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} dead letters replayed by {By}")]
    private static partial void LogBulkReplayed(ILogger logger, int count, string by);
}

/// <summary>The entry after a replay (null: no such entry) and whether it was replayed (false: it is resolved or discarded).</summary>
public sealed record ReplayResult(DeadLetterEntry? Entry, bool Replayed);

/// <summary>The ids of a bulk replay, newest first, and whether more entries match than were replayed.</summary>
public sealed record BulkReplayResult(IReadOnlyList<long> Replayed, bool More);

/// <summary>Kafka stopped taking copies during a bulk replay; <see cref="Replayed"/> were republished and marked before that.</summary>
public sealed class DeadLetterReplayException(IReadOnlyList<long> replayed, Exception inner)
    : Exception($"Kafka did not take every replayed copy ({replayed.Count} replayed before it failed).", inner)
{
    public IReadOnlyList<long> Replayed { get; } = replayed;
}
