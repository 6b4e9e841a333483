using Confluent.Kafka;

namespace IntegrationHub.Kafka.Consuming;

/// <summary>
/// Tracks records in flight per partition when several are handled at once, and says which offset may be stored:
/// the lowest offset still in flight (everything below it is done), or one past the highest done when none is.
/// Records can finish out of order; the stored offset never passes an unfinished or abandoned one (abandoned: cancelled
/// while stopping, to be redelivered). Used only from the consumer thread.
/// </summary>
internal sealed class OffsetTracker
{
    private readonly Dictionary<TopicPartition, Partition> _partitions = [];

    public int InFlight { get; private set; }

    public void Started(TopicPartitionOffset record)
    {
        if (!_partitions.TryGetValue(record.TopicPartition, out var p))
        {
            // The group's position is at least this record: nothing below it needs storing.
            _partitions[record.TopicPartition] = p = new Partition { Stored = record.Offset.Value };
        }

        p.Pending.Add(record.Offset.Value);
        p.Running++;
        InFlight++;
    }

    /// <returns>The offset to store for the record's partition now, or null when nothing new may be stored.</returns>
    public TopicPartitionOffset? Completed(TopicPartitionOffset record)
    {
        if (!_partitions.TryGetValue(record.TopicPartition, out var p) || !p.Pending.Remove(record.Offset.Value))
        {
            return null; // the partition was revoked or lost meanwhile
        }

        p.Running--;
        InFlight--;
        p.HighestDone = Math.Max(p.HighestDone, record.Offset.Value);
        var next = p.Pending.Count == 0 ? p.HighestDone + 1 : p.Pending.Min;
        if (next <= p.Stored)
        {
            return null;
        }

        p.Stored = next;
        return new TopicPartitionOffset(record.TopicPartition, next);
    }

    /// <summary>The record stopped without finishing: it no longer runs, but nothing at or past it is ever stored.</summary>
    public void Abandoned(TopicPartitionOffset record)
    {
        if (_partitions.TryGetValue(record.TopicPartition, out var p) && p.Pending.Contains(record.Offset.Value))
        {
            p.Running--;
            InFlight--;
        }
    }

    /// <summary>Whether records of the partition are still running (not finished, not abandoned).</summary>
    public bool HasInFlight(TopicPartition partition) => _partitions.TryGetValue(partition, out var p) && p.Running > 0;

    public void Forget(TopicPartition partition)
    {
        if (_partitions.Remove(partition, out var p))
        {
            InFlight -= p.Running;
        }
    }

    private sealed class Partition
    {
        /// <summary>Offsets started and not finished: running or abandoned.</summary>
        public SortedSet<long> Pending { get; } = [];

        public int Running { get; set; }

        public long HighestDone { get; set; } = -1;

        public long Stored { get; set; } = -1;
    }
}
