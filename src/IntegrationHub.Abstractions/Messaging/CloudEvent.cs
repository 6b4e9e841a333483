namespace IntegrationHub.Messaging;

/// <summary>
/// A CloudEvents 1.0 event (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md) with a JSON body.
/// <see cref="Id"/> plus <see cref="Source"/> identify the event: a consumer that sees the pair twice has a redelivery.
/// </summary>
public sealed record CloudEvent
{
    public const string SpecVersion = "1.0";
    public const string JsonContentType = "application/json";

    public required string Id { get; init; }
    public required Uri Source { get; init; }
    public required string Type { get; init; }
    public required DateTimeOffset Time { get; init; }
    public string? Subject { get; init; }
    public string DataContentType { get; init; } = JsonContentType;
    public required ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>
    /// W3C trace context of the work that made the event (CloudEvents distributed tracing extension: <c>traceparent</c>),
    /// so a trace follows a record across Kafka and the outbox; <see langword="null"/> when none was active.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>The W3C <c>tracestate</c> that goes with <see cref="TraceParent"/>, if any.</summary>
    public string? TraceState { get; init; }
}
