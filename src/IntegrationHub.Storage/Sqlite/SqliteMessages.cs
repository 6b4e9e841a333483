using IntegrationHub.Messaging;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>
/// How an outgoing CloudEvent message is kept in an outbox table (<c>outbox</c> for orders, <c>record_events</c> for
/// record changes): the same nine columns, written and read back the same way.
/// </summary>
internal static class SqliteMessages
{
    public const string InsertColumns = "topic, message_key, event_id, event_source, event_type, event_time, subject, content_type, data, trace_parent, trace_state";

    public const string InsertValues = "@topic, @key, @eventId, @source, @type, @eventTime, @subject, @contentType, @data, @traceParent, @traceState";

    public const string SelectColumns = """
        topic AS Topic, message_key AS MessageKey, event_id AS EventId, event_source AS EventSource, event_type AS EventType,
        event_time AS EventTime, subject AS Subject, content_type AS ContentType, data AS Data,
        trace_parent AS TraceParent, trace_state AS TraceState
        """;

    /// <summary>
    /// Binds the parameters <see cref="InsertValues"/> names; bind the table's own ones after it. The trace context is the
    /// event's own, else that of the work storing it (the push request, the workflow), so the trace goes on when the relay publishes.
    /// </summary>
    public static Microsoft.Data.Sqlite.SqliteCommand WithMessage(this Microsoft.Data.Sqlite.SqliteCommand command, OutgoingMessage message)
    {
        var evt = message.Event;
        var current = System.Diagnostics.Activity.Current;
        return command.With("@topic", message.Topic).With("@key", message.Key).With("@eventId", evt.Id).With("@source", evt.Source.ToString())
            .With("@type", evt.Type).With("@eventTime", Stamp(evt.Time)).With("@subject", evt.Subject).With("@contentType", evt.DataContentType)
            .With("@data", evt.Data.ToArray()).With("@traceParent", evt.TraceParent ?? current?.Id)
            .With("@traceState", evt.TraceParent is null ? current?.TraceStateString : evt.TraceState);
    }

    public static OutgoingMessage ToMessage(
        string topic, string key, string eventId, string source, string type, string time, string? subject, string contentType, byte[] data,
        string? traceParent = null, string? traceState = null) =>
        new(topic, key, new CloudEvent
        {
            Id = eventId,
            Source = new Uri(source, UriKind.RelativeOrAbsolute),
            Type = type,
            Time = Parse(time),
            Subject = subject,
            DataContentType = contentType,
            Data = data,
            TraceParent = traceParent,
            TraceState = traceState,
        });
}
