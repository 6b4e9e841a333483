using Confluent.Kafka;
using IntegrationHub.Kafka.Envelope;
using IntegrationHub.Messaging;

namespace IntegrationHub.Kafka.Producing;

/// <summary>
/// Publishes CloudEvents to Kafka and returns only once the cluster has persisted them (acks=all). Uses
/// <c>Produce</c> with a delivery handler rather than <c>ProduceAsync</c>: a message handed to the producer cannot be
/// taken back, so cancellation is checked before producing and stops the wait, but registers nothing per message.
/// </summary>
public sealed class KafkaMessagePublisher(KafkaProducerHost producers) : IMessagePublisher
{
    public Task<PublishReceipt> PublishAsync(OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var delivery = new Delivery(message.Topic);
        // The span covers the hand-off to the producer; its id travels in the record as traceparent (else the stored or current one).
        using var span = KafkaTracing.StartPublish(message);
        try
        {
            var traceParent = span?.Id ?? message.Event.TraceParent ?? System.Diagnostics.Activity.Current?.Id;
            producers.Producer.Produce(message.Topic, CloudEventKafkaCodec.ToKafka(message, traceParent, span?.TraceStateString), delivery.Report);
        }
        catch (ProduceException<byte[]?, byte[]> ex)
        {
            throw new PublishException($"Publishing to {message.Topic} failed: {ex.Error.Code} {ex.Error.Reason}", ex);
        }

        return cancellationToken.CanBeCanceled ? delivery.Task.WaitAsync(cancellationToken) : delivery.Task;
    }

    /// <summary>The delivery report of one message as a task; continuations run on the thread pool, never on the producer's poll thread.</summary>
    private sealed class Delivery(string topic) : TaskCompletionSource<PublishReceipt>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public void Report(DeliveryReport<byte[]?, byte[]> report)
        {
            if (report.Error.IsError)
            {
                TrySetException(new PublishException($"Publishing to {topic} failed: {report.Error.Code} {report.Error.Reason}"));
            }
            else if (report.Status != PersistenceStatus.Persisted)
            {
                TrySetException(new PublishException($"Kafka did not confirm the message on {topic} (status {report.Status})."));
            }
            else
            {
                TrySetResult(new PublishReceipt(report.Topic, report.Partition.Value, report.Offset.Value));
            }
        }
    }
}
