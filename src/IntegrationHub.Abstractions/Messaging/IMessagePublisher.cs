namespace IntegrationHub.Messaging;

/// <summary>Publishes events to the message bus.</summary>
public interface IMessagePublisher
{
    /// <summary>
    /// Completes only when the bus has durably acknowledged the message (for Kafka: acks=all, persisted).
    /// Throws <see cref="PublishException"/> when it was not; a retry may then produce a duplicate, which
    /// consumers absorb by event id (delivery is at-least-once).
    /// </summary>
    Task<PublishReceipt> PublishAsync(OutgoingMessage message, CancellationToken cancellationToken = default);
}

/// <summary>Where a published message landed.</summary>
public sealed record PublishReceipt(string Topic, int Partition, long Offset);

/// <summary>The bus did not confirm a message.</summary>
public sealed class PublishException(string message, Exception? inner = null) : Exception(message, inner);
