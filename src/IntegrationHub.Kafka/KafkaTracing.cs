using System.Diagnostics;
using IntegrationHub.Messaging;

namespace IntegrationHub.Kafka;

/// <summary>
/// Spans for Kafka (OpenTelemetry messaging conventions): a producer span per publish whose W3C <c>traceparent</c> goes
/// into the record's headers, and a consumer span per record processed, child of the trace the record carries. So a trace
/// follows an order from the push API through the outbox and Kafka to the workflow and the CRM call.
/// </summary>
public static class KafkaTracing
{
    public const string SourceName = "IntegrationHub.Kafka";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The publish span, child of the event's stored trace context if any, else of the current span.</summary>
    public static Activity? StartPublish(OutgoingMessage message)
    {
        // A default parent context means the current span (ActivitySource's own rule).
        var span = Source.StartActivity($"{message.Topic} publish", ActivityKind.Producer, ParentOf(message.Event) ?? default);
        return Tag(span, message.Topic, message.Event.Id, "publish");
    }

    /// <summary>The process span of one consumed record, child of the trace context in its headers.</summary>
    public static Activity? StartProcess(string topic, int partition, long offset, string consumerGroup, CloudEvent evt)
    {
        var span = Source.StartActivity($"{topic} process", ActivityKind.Consumer, ParentOf(evt) ?? default);
        Tag(span, topic, evt.Id, "process");
        span?.SetTag("messaging.destination.partition.id", partition);
        span?.SetTag("messaging.kafka.offset", offset);
        span?.SetTag("messaging.consumer.group.name", consumerGroup);
        return span;
    }

    private static ActivityContext? ParentOf(CloudEvent evt) =>
        evt.TraceParent is { } traceParent && ActivityContext.TryParse(traceParent, evt.TraceState, out var context) ? context : null;

    private static Activity? Tag(Activity? span, string topic, string eventId, string operation)
    {
        span?.SetTag("messaging.system", "kafka");
        span?.SetTag("messaging.destination.name", topic);
        span?.SetTag("messaging.message.id", eventId);
        span?.SetTag("messaging.operation.type", operation);
        return span;
    }
}
