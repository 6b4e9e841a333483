using Dapper;
using IntegrationHub.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Tests.Sqlite;

/// <summary>The connection settings the store relies on: WAL, foreign keys, and the configured sync at commit.</summary>
public sealed class SqliteConnectionFactoryTests : IDisposable
{
    private readonly StoreFixture _db = new();

    [Theory]
    [InlineData(null, 2L)]      // the default: FULL, a commit is synced before it is acknowledged
    [InlineData("full", 2L)]
    [InlineData("NORMAL", 1L)]  // case-insensitive, as configuration values are
    public async Task Connections_SyncAsConfigured_WithForeignKeysOn_InWalMode(string? synchronous, long expected)
    {
        var options = new StoreOptions { SqlitePath = _db.DatabasePath };
        if (synchronous is not null)
        {
            options.Synchronous = synchronous;
        }

        await using var connection = await new SqliteConnectionFactory(Options.Create(options)).OpenAsync();

        Assert.Equal(expected, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous"));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }

    public void Dispose() => _db.Dispose();
}
