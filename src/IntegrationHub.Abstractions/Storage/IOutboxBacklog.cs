namespace IntegrationHub.Storage;

/// <summary>What the store's outboxes still hold for Kafka: rows written but not yet confirmed published.</summary>
public interface IOutboxBacklog
{
    /// <summary>One entry per outbox (<c>orders</c>, <c>record-events</c>), also when it is empty.</summary>
    Task<IReadOnlyList<OutboxBacklog>> ReadAsync(CancellationToken cancellationToken = default);
}

/// <param name="Outbox">The outbox's name: <c>orders</c> (pushed orders) or <c>record-events</c> (canonical record events).</param>
/// <param name="Pending">Rows not yet confirmed by Kafka.</param>
/// <param name="OldestCreatedAt">When the oldest of them was written; null when none is pending.</param>
public sealed record OutboxBacklog(string Outbox, long Pending, DateTimeOffset? OldestCreatedAt);
