namespace IntegrationHub.Messaging;

/// <summary>
/// Handles one consumed message. Must be idempotent: the same message may arrive again (at-least-once).
/// Returning normally commits the message; throwing makes the transport retry it with backoff, and after the
/// configured attempts move it to the topic's dead-letter topic. Throw <see cref="PoisonMessageException"/>
/// for a message that can never succeed, to skip the retries.
/// </summary>
public interface IMessageHandler
{
    Task HandleAsync(ReceivedMessage message, CancellationToken cancellationToken = default);
}

/// <summary>The message itself is unusable (bad envelope, bad body); retrying cannot help.</summary>
public sealed class PoisonMessageException(string message, Exception? inner = null) : Exception(message, inner);
