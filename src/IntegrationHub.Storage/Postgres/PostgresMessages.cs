using IntegrationHub.Messaging;
using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>How an outgoing CloudEvent message is kept in a PostgreSQL outbox table: the same columns as on SQLite.</summary>
internal static class PostgresMessages
{
    public const string Columns = "topic, message_key, event_id, event_source, event_type, event_time, subject, content_type, data, trace_parent, trace_state";

    public const int Count = 11;

    /// <summary>Binds the message's <see cref="Count"/> columns as the next positional parameters. The trace context is the event's own, else that of the work storing it.</summary>
    public static T WithMessage<T>(this T command, OutgoingMessage message)
        where T : class
    {
        var evt = message.Event;
        var current = System.Diagnostics.Activity.Current;
        return command.WithText(message.Topic).WithText(message.Key).WithText(evt.Id).WithText(evt.Source.ToString()).WithText(evt.Type)
            .With(evt.Time.ToUniversalTime()).WithText(evt.Subject).WithText(evt.DataContentType).With(evt.Data.ToArray())
            .WithText(evt.TraceParent ?? current?.Id).WithText(evt.TraceParent is null ? current?.TraceStateString : evt.TraceState);
    }

    /// <summary>Reads the message from <see cref="Count"/> columns starting at <paramref name="first"/>, in <see cref="Columns"/> order.</summary>
    public static OutgoingMessage Read(NpgsqlDataReader reader, int first) =>
        new(reader.GetString(first), reader.GetString(first + 1), new CloudEvent
        {
            Id = reader.GetString(first + 2),
            Source = new Uri(reader.GetString(first + 3), UriKind.RelativeOrAbsolute),
            Type = reader.GetString(first + 4),
            Time = reader.GetFieldValue<DateTimeOffset>(first + 5),
            Subject = reader.TextOrNull(first + 6),
            DataContentType = reader.GetString(first + 7),
            Data = reader.GetFieldValue<byte[]>(first + 8),
            TraceParent = reader.TextOrNull(first + 9),
            TraceState = reader.TextOrNull(first + 10),
        });

    private static readonly string InsertRecordEvent = $"INSERT INTO record_events (created_at, {Columns}) VALUES ($1, {Placeholders(2)})";

    /// <summary>Queues <paramref name="message"/> in the record-change outbox (<c>record_events</c>) within the batch's transaction.</summary>
    public static void RecordEvent(this NpgsqlBatch batch, OutgoingMessage message, DateTimeOffset createdAt) =>
        batch.Statement(InsertRecordEvent).With(createdAt.ToUniversalTime()).WithMessage(message);

    /// <summary><c>$first, $first+1, ...</c> for the message's columns.</summary>
    public static string Placeholders(int first) => string.Join(", ", Enumerable.Range(first, Count).Select(i => "$" + i));
}
