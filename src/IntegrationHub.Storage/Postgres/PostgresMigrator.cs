using Microsoft.Extensions.Logging;
using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>
/// Brings a PostgreSQL database to the newest schema. Several hub nodes may start at once: each takes the same session
/// advisory lock first, so one node migrates and the others wait, then find nothing left to do. Each migration runs in
/// its own transaction together with its row in <c>schema_migrations</c>, so a node killed mid-migration leaves the
/// version either fully applied or not at all.
/// </summary>
public sealed partial class PostgresMigrator(NpgsqlDataSource database, TimeProvider time, ILogger<PostgresMigrator> logger)
{
    /// <summary>The advisory lock key the migrating node holds ("HUBMIGR" in ASCII).</summary>
    public const long LockKey = 0x48_55_42_4D_49_47_52;

    public static int LatestVersion => PostgresSchema.LatestVersion;

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "SELECT pg_advisory_lock($1)", cancellationToken, LockKey).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    applied_at timestamptz NOT NULL
                )
                """, cancellationToken).ConfigureAwait(false);
            var applied = new HashSet<int>();
            await using (var read = new NpgsqlCommand("SELECT version FROM schema_migrations", connection))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            if (applied.Count > 0 && applied.Max() > LatestVersion)
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL store is at schema version {applied.Max()}, newer than this hub knows ({LatestVersion}); run a hub of that version or newer.");
            }

            foreach (var (version, name, sql) in PostgresSchema.Migrations.Where(m => !applied.Contains(m.Version)))
            {
                await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, tx, sql, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, tx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", cancellationToken, version, name, time.GetUtcNow()).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                LogApplied(logger, version, name);
            }
        }
        finally
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock($1)", CancellationToken.None, LockKey).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL store migrated to version {Version} ({Name})")]
    private static partial void LogApplied(ILogger logger, int version, string name);
}
