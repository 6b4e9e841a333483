using Confluent.Kafka;
using IntegrationHub.Kafka.Envelope;
using IntegrationHub.Messaging;

namespace IntegrationHub.Kafka.Producing;

/// <summary>Publishes CloudEvents to Kafka and returns only once the cluster has persisted them (acks=all).</summary>
public sealed class KafkaMessagePublisher(KafkaProducerHost producers) : IMessagePublisher
{
    public async Task<PublishReceipt> PublishAsync(OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await producers.Producer.ProduceAsync(message.Topic, CloudEventKafkaCodec.ToKafka(message), cancellationToken).ConfigureAwait(false);
            if (result.Status != PersistenceStatus.Persisted)
            {
                throw new PublishException($"Kafka did not confirm the message on {message.Topic} (status {result.Status}).");
            }

            return new PublishReceipt(result.Topic, result.Partition.Value, result.Offset.Value);
        }
        catch (ProduceException<byte[]?, byte[]> ex)
        {
            throw new PublishException($"Publishing to {message.Topic} failed: {ex.Error.Code} {ex.Error.Reason}", ex);
        }
    }
}
