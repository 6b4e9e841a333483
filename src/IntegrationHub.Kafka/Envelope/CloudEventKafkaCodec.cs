using System.Globalization;
using System.Text;
using Confluent.Kafka;
using IntegrationHub.Messaging;

namespace IntegrationHub.Kafka.Envelope;

/// <summary>
/// CloudEvents 1.0 Kafka protocol binding, binary content mode
/// (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md):
/// attributes travel as <c>ce_*</c> headers, the data as the record value, its media type as <c>content-type</c>.
/// </summary>
public static class CloudEventKafkaCodec
{
    public const string SpecVersionHeader = "ce_specversion";
    public const string IdHeader = "ce_id";
    public const string SourceHeader = "ce_source";
    public const string TypeHeader = "ce_type";
    public const string TimeHeader = "ce_time";
    public const string SubjectHeader = "ce_subject";
    public const string ContentTypeHeader = "content-type";

    /// <summary>W3C trace context next to the CloudEvents headers (the names OpenTelemetry's Kafka instrumentations use).</summary>
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";

    public static Message<byte[]?, byte[]> ToKafka(OutgoingMessage message, string? traceParent = null, string? traceState = null)
    {
        var e = message.Event;
        var headers = new Headers
        {
            { SpecVersionHeader, Utf8(CloudEvent.SpecVersion) },
            { IdHeader, Utf8(e.Id) },
            { SourceHeader, Utf8(e.Source.ToString()) },
            { TypeHeader, Utf8(e.Type) },
            { TimeHeader, Utf8(e.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)) },
            { ContentTypeHeader, Utf8(e.DataContentType) },
        };
        if (e.Subject is not null)
        {
            headers.Add(SubjectHeader, Utf8(e.Subject));
        }

        if ((traceParent ?? e.TraceParent) is { } parent)
        {
            headers.Add(TraceParentHeader, Utf8(parent));
            if ((traceState ?? e.TraceState) is { Length: > 0 } state)
            {
                headers.Add(TraceStateHeader, Utf8(state));
            }
        }

        return new Message<byte[]?, byte[]> { Key = Utf8(message.Key), Value = e.Data.ToArray(), Headers = headers };
    }

    /// <summary>Reads the event from a consumed record; a record that is not a valid CloudEvent is poison.</summary>
    /// <exception cref="PoisonMessageException">A required attribute is missing or malformed; names every one.</exception>
    public static CloudEvent FromKafka(Headers? headers, byte[]? value)
    {
        var problems = new List<string>();
        string? Get(string name, bool required)
        {
            if (headers is not null && headers.TryGetLastBytes(name, out var bytes))
            {
                return Encoding.UTF8.GetString(bytes);
            }

            if (required)
            {
                problems.Add($"missing header {name}");
            }

            return null;
        }

        var spec = Get(SpecVersionHeader, true);
        var id = Get(IdHeader, true);
        var source = Get(SourceHeader, true);
        var type = Get(TypeHeader, true);
        var time = Get(TimeHeader, false);
        var subject = Get(SubjectHeader, false);
        var contentType = Get(ContentTypeHeader, false) ?? CloudEvent.JsonContentType;
        var traceParent = Get(TraceParentHeader, false);
        var traceState = Get(TraceStateHeader, false);

        if (spec is not null && spec != CloudEvent.SpecVersion)
        {
            problems.Add($"{SpecVersionHeader} is '{spec}', expected '{CloudEvent.SpecVersion}'");
        }

        if (id is { Length: 0 })
        {
            problems.Add($"{IdHeader} is empty");
        }

        Uri? sourceUri = null;
        if (source is not null && !Uri.TryCreate(source, UriKind.RelativeOrAbsolute, out sourceUri))
        {
            problems.Add($"{SourceHeader} is not a URI reference");
        }

        var parsedTime = DateTimeOffset.MinValue;
        if (time is not null && !DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsedTime))
        {
            problems.Add($"{TimeHeader} is not an RFC 3339 timestamp");
        }

        if (value is null)
        {
            problems.Add("record has no value");
        }

        if (problems.Count > 0)
        {
            throw new PoisonMessageException("Not a CloudEvent in Kafka binary mode: " + string.Join("; ", problems));
        }

        return new CloudEvent
        {
            Id = id!,
            Source = sourceUri!,
            Type = type!,
            Time = parsedTime,
            Subject = subject,
            DataContentType = contentType,
            Data = value!,
            TraceParent = traceParent,
            TraceState = traceState,
        };
    }

    private static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);
}
