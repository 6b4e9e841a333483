using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntegrationHub.Storage;

/// <summary>
/// The store outages of both engines: a PostgreSQL error Npgsql marks transient (connection refused or broken, timeouts,
/// too many connections, "the database system is starting up / shutting down"), a session the server ended
/// (<c>57P01</c> admin shutdown, <c>57P02</c> crash shutdown), and SQLite busy or locked past its timeout. Nothing
/// half-written is left by any of them: each store write is one transaction.
/// </summary>
public sealed class StoreOutage : IStoreOutage
{
    public static readonly StoreOutage Instance = new();

    public bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or PostgresException { SqlState: "57P01" or "57P02" or "57P03" } or SqliteException { SqliteErrorCode: 5 or 6 })
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(Is))
            {
                return true;
            }
        }

        return false;
    }
}
