using IntegrationHub.Messaging;

namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>The hub handler under test: republishes each consumed event to the output topic and waits for the confirmation.</summary>
internal sealed class ForwardingHandler(IMessagePublisher publisher, ForwardingTarget target) : IMessageHandler
{
    public async Task HandleAsync(ReceivedMessage message, CancellationToken cancellationToken = default)
    {
        target.Clock.Consumed();
        await publisher.PublishAsync(new OutgoingMessage(target.OutputTopic, message.Key ?? "", message.Event), cancellationToken).ConfigureAwait(false);
        target.Clock.Acknowledged();
    }
}
