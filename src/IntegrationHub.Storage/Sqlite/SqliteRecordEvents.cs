using System.Data.Common;
using Dapper;
using IntegrationHub.Messaging;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>The transactional outbox of record changes (<c>record_events</c>), written in the change's own transaction.</summary>
internal static class SqliteRecordEvents
{
    public static Task InsertAsync(DbConnection connection, DbTransaction tx, OutgoingMessage message, DateTimeOffset now)
    {
        var parameters = SqliteMessages.Parameters(message);
        parameters.Add("now", Stamp(now));
        return connection.ExecuteAsync(
            "INSERT INTO record_events (" + SqliteMessages.InsertColumns + ", created_at) VALUES (" + SqliteMessages.InsertValues + ", @now)", parameters, tx);
    }
}
