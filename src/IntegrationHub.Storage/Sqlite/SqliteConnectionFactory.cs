using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>Opens connections to the hub's SQLite file (WAL mode, foreign keys on, busy timeout and <c>synchronous</c> set).</summary>
public sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly string _synchronous;

    public SqliteConnectionFactory(IOptions<StoreOptions> options)
    {
        var o = options.Value;
        FullPath = Path.GetFullPath(o.SqlitePath);
        _busyTimeoutMs = (int)o.BusyTimeout.TotalMilliseconds;
        _synchronous = string.Equals(o.Synchronous, "normal", StringComparison.OrdinalIgnoreCase) ? "NORMAL" : "FULL";
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, _busyTimeoutMs / 1000),
        }.ToString();
    }

    public string FullPath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA foreign_keys = ON; PRAGMA synchronous = {_synchronous};";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}
