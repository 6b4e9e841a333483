using IntegrationHub.Storage.Sqlite;
using IntegrationHub.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Tests.Sqlite;

/// <summary>A real SQLite file in a temp folder, migrated; <see cref="Reopen"/> simulates a process restart.</summary>
public sealed class StoreFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public StoreFixture() => Store = Open();

    public SqliteOrderIntakeStore Store { get; private set; }

    public string DatabasePath => _dir.File("hub.db");

    public SqliteOrderIntakeStore Reopen()
    {
        SqliteConnection.ClearAllPools();
        return Store = Open();
    }

    public SqliteConnectionFactory Connections() =>
        new(Options.Create(new StoreOptions { SqlitePath = DatabasePath }));

    /// <summary>A group commit on the file, for the stores whose writes go through one.</summary>
    public SqliteGroupCommit Writes() => new(Connections());

    public async Task<long> CountAsync(string table)
    {
        await using var connection = await Connections().OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private SqliteOrderIntakeStore Open()
    {
        var connections = Connections();
        new SqliteMigrator(connections, TimeProvider.System, NullLogger<SqliteMigrator>.Instance).MigrateAsync().GetAwaiter().GetResult();
        return new SqliteOrderIntakeStore(connections, TimeProvider.System);
    }
}
