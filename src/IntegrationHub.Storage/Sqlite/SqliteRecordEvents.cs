using System.Data.Common;
using IntegrationHub.Messaging;
using Microsoft.Data.Sqlite;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>The transactional outbox of record changes (<c>record_events</c>), written in the change's own transaction.</summary>
internal static class SqliteRecordEvents
{
    private const string Insert = "INSERT INTO record_events (" + SqliteMessages.InsertColumns + ", created_at) VALUES (" + SqliteMessages.InsertValues + ", @now)";

    public static async Task InsertAsync(DbConnection connection, DbTransaction tx, OutgoingMessage message, DateTimeOffset now)
    {
        await using var command = (SqliteCommand)connection.CreateCommand();
        command.Transaction = (SqliteTransaction)tx;
        command.CommandText = Insert;
        await command.WithMessage(message).With("@now", Stamp(now)).ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
