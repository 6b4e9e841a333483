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

    /// <summary>
    /// A hub id folded to 32 bits from its bytes, the second key of a two-key advisory lock: the same on every node and every
    /// .NET version (a collision only makes two records wait for each other).
    /// </summary>
    public static int AdvisoryKey(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        var ints = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(bytes);
        return ints[0] ^ ints[1] ^ ints[2] ^ ints[3];
    }

    public static DateTimeOffset? TimeOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static string? TextOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
