using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>
/// Statements prepared once per connection and reused, for the hottest writes of <see cref="SqliteGroupCommit"/>'s writer
/// (its one long-lived connection, used by one loop at a time): parsing the SQL again for every write was a measurable
/// part of each write. Parameters are bound by name on every use.
/// </summary>
internal static class SqlitePrepared
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Commands = new();

    /// <summary>The command for <paramref name="sql"/> on this connection, in <paramref name="tx"/>, with no parameters bound yet.</summary>
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        var commands = Commands.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }

        command.Transaction = tx;
        command.Parameters.Clear();
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
