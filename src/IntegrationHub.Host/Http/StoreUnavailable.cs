using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntegrationHub.Host.Http;

/// <summary>
/// Whether an error means the store cannot answer for now (PostgreSQL down, restarting, refusing connections, its pool
/// exhausted; SQLite busy or locked past its timeout): the request may succeed later, so it is a 503 with Retry-After,
/// not a 500. Nothing half-written is left: each store write is one transaction.
/// </summary>
internal static class StoreUnavailable
{
    /// <summary>When the client should try again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or SqliteException { SqliteErrorCode: 5 or 6 })
            {
                return true;
            }
        }

        return false;
    }
}
