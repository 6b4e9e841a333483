using Npgsql;
using NpgsqlTypes;

namespace IntegrationHub.Storage.Postgres;

/// <summary>Commands with positional parameters (<c>$1</c>, <c>$2</c>, ...), bound in order.</summary>
internal static class PostgresCommands
{
    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql, NpgsqlTransaction? tx = null) => new(sql, connection, tx);

    public static NpgsqlBatchCommand Statement(this NpgsqlBatch batch, string sql)
    {
        var statement = new NpgsqlBatchCommand(sql);
        batch.BatchCommands.Add(statement);
        return statement;
    }

    /// <summary>Binds the next positional parameter; null is SQL NULL. Times must be UTC (timestamptz).</summary>
    public static T With<T>(this T command, object? value, NpgsqlDbType? type = null)
        where T : class
    {
        var parameter = type is { } t ? new NpgsqlParameter { NpgsqlDbType = t, Value = value ?? DBNull.Value } : new NpgsqlParameter { Value = value ?? DBNull.Value };
        switch (command)
        {
            case NpgsqlCommand c:
                c.Parameters.Add(parameter);
                break;
            case NpgsqlBatchCommand b:
                b.Parameters.Add(parameter);
                break;
            default:
                throw new ArgumentException("not a PostgreSQL command", nameof(command));
        }

        return command;
    }

    public static T WithText<T>(this T command, string? value)
        where T : class => command.With(value, NpgsqlDbType.Text);

    /// <summary>A <c>jsonb</c> value (stored normalised: key order and spacing are not kept).</summary>
    public static T WithJson<T>(this T command, string value)
        where T : class => command.With(value, NpgsqlDbType.Jsonb);

    /// <summary>A <c>json</c> value: the document's text is kept exactly as written.</summary>
    public static T WithJsonText<T>(this T command, string? value)
        where T : class => command.With(value, NpgsqlDbType.Json);

    public static DateTimeOffset? TimeOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static string? TextOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
