using System.Collections.Concurrent;
using Confluent.Kafka;

namespace IntegrationHub.Kafka.Consuming;

/// <summary>
/// Where finished records wait for the consumer thread, and how that thread sleeps until enough of them arrived.
/// Many writers (record tasks, on pool threads) post; one reader (the consumer thread) takes them all and waits.
/// Writers signal only when the reader is waiting and only once the count it asked for is reached, so one wake-up of
/// the consumer thread starts a batch of records instead of one per completion (measured: part of the 27-29k ->
/// 51-57k msgs/s step of the hub loop, see docs/benchmarks.md).
/// </summary>
internal sealed class CompletionInbox
{
    private readonly ConcurrentQueue<RecordCompletion> _queue = new();
    private readonly SemaphoreSlim _signal = new(0, 1); // a wake-up signal, not a count
    private int _sinceTake;  // completions posted since the reader last took them
    private int _wakeAfter = 1; // completions that wake a waiting reader
    private int _waiting;       // 1 while the reader waits

    /// <summary>Writer side: a record's task finished (or was cancelled).</summary>
    public void Post(RecordCompletion completion)
    {
        _queue.Enqueue(completion);
        if (Interlocked.Increment(ref _sinceTake) >= Volatile.Read(ref _wakeAfter) && Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled; the reader takes every completion when it wakes.
            }
        }
    }

    /// <summary>Reader side: the next posted completion, if any.</summary>
    public bool TryTake(out RecordCompletion completion)
    {
        if (_queue.TryDequeue(out completion!))
        {
            Interlocked.Decrement(ref _sinceTake);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Reader side: blocks until <paramref name="count"/> completions were posted since the last take, or at most
    /// <paramref name="timeout"/>.
    /// </summary>
    public void Wait(int count, TimeSpan timeout)
    {
        Volatile.Write(ref _wakeAfter, count);
        Interlocked.Exchange(ref _waiting, 1); // a full fence: the count below is read after the flag is up
        if (Volatile.Read(ref _sinceTake) >= count)
        {
            // Enough arrived before the flag was up; a writer may also have signalled already (taken below).
            Interlocked.Exchange(ref _waiting, 0);
            _signal.Wait(0);
            return;
        }

        _signal.Wait(timeout);
        Interlocked.Exchange(ref _waiting, 0);
    }
}

/// <summary>A record's end: its position, its key's chain, its task, and whether it finished (false: cancelled while stopping).</summary>
internal sealed record RecordCompletion(TopicPartitionOffset Position, string Key, Task<bool> Task, bool Finished);
