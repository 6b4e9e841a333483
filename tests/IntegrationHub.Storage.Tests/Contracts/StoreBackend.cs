using IntegrationHub.Storage.Postgres;
using IntegrationHub.Storage.Sqlite;
using IntegrationHub.Storage.Tests.Sqlite;
using IntegrationHub.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace IntegrationHub.Storage.Tests.Contracts;

/// <summary>
/// One store provider under test, on a database of its own: the same contract tests run against each. Every store it
/// hands out is a new instance on the same database, as after a restart of the hub (or on another node).
/// </summary>
public interface IStoreBackend : IAsyncDisposable
{
    int LatestVersion { get; }

    Task MigrateAsync();

    IOrderIntakeStore IntakeStore();

    ICrossReferenceStore CrossReferences();

    IConnectorCursorStore Cursors();

    IReplayGuard ReplayGuard();

    IWorkflowStore Workflows();

    IWorkflowEventQueue EventQueue();

    ICanonicalRecordStore CanonicalRecords();

    IQuarantineStore Quarantine();

    IDeadLetterStore DeadLetters();

    IOutboxBacklog OutboxBacklog();

    IReceivableStore Receivables();

    ICustomerValueStore CustomerValues();

    IStoreLocks Locks();

    Task<long> CountAsync(string table);
}

/// <summary>A SQLite file in a temp folder.</summary>
public sealed class SqliteBackend : IStoreBackend
{
    private readonly StoreFixture _db = new();

    public int LatestVersion => SqliteMigrator.LatestVersion;

    public Task MigrateAsync() => new SqliteMigrator(_db.Connections(), TimeProvider.System, NullLogger<SqliteMigrator>.Instance).MigrateAsync();

    public IOrderIntakeStore IntakeStore() => _db.Reopen();

    public ICrossReferenceStore CrossReferences() => new SqliteCrossReferenceStore(_db.Connections(), TimeProvider.System, _db.Writes());

    public IConnectorCursorStore Cursors() => new SqliteConnectorCursorStore(_db.Connections(), TimeProvider.System);

    public IReplayGuard ReplayGuard() => new SqliteReplayGuard(_db.Connections());

    public IWorkflowStore Workflows() => new SqliteWorkflowInstanceStore(_db.Connections(), TimeProvider.System, _db.Writes());

    public IWorkflowEventQueue EventQueue() => new SqliteWorkflowEventQueue(_db.Connections());

    public ICanonicalRecordStore CanonicalRecords() => new SqliteCanonicalRecordStore(_db.Connections(), _db.Writes());

    public IQuarantineStore Quarantine() => new SqliteQuarantineStore(_db.Connections());

    public IDeadLetterStore DeadLetters() => new SqliteDeadLetterStore(_db.Connections());

    public IOutboxBacklog OutboxBacklog() => new SqliteOutboxBacklog(_db.Connections());

    public IReceivableStore Receivables() => new SqliteReceivableStore(_db.Connections());

    public ICustomerValueStore CustomerValues() => new SqliteCustomerValueStore(_db.Connections());

    public IStoreLocks Locks() => new SqliteStoreLocks(_db.Connections());

    public Task<long> CountAsync(string table) => _db.CountAsync(table);

    public ValueTask DisposeAsync()
    {
        _db.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A fresh database on the test process's throwaway PostgreSQL server, migrated.</summary>
public sealed class PostgresBackend : IStoreBackend
{
    private readonly List<NpgsqlDataSource> _sources = [];
    private string _connectionString = "";

    private PostgresBackend()
    {
    }

    public int LatestVersion => PostgresMigrator.LatestVersion;

    public static async Task<PostgresBackend> CreateAsync()
    {
        var backend = new PostgresBackend { _connectionString = await SharedPostgres.CreateDatabaseAsync("store") };
        await backend.MigrateAsync();
        return backend;
    }

    /// <summary>A data source of its own (its own pool), as another hub node would have.</summary>
    public NpgsqlDataSource Node()
    {
        var source = NpgsqlDataSource.Create(_connectionString);
        _sources.Add(source);
        return source;
    }

    public Task MigrateAsync() => Migrator().MigrateAsync();

    public PostgresMigrator Migrator() => new(Node(), TimeProvider.System, NullLogger<PostgresMigrator>.Instance);

    public IOrderIntakeStore IntakeStore() => new PostgresOrderIntakeStore(Node(), TimeProvider.System);

    public ICrossReferenceStore CrossReferences() => new PostgresCrossReferenceStore(Node(), TimeProvider.System);

    public IConnectorCursorStore Cursors() => new PostgresConnectorCursorStore(Node(), TimeProvider.System);

    public IReplayGuard ReplayGuard() => new PostgresReplayGuard(Node());

    public IWorkflowStore Workflows() => new PostgresWorkflowStore(Node(), TimeProvider.System);

    public IWorkflowEventQueue EventQueue() => new PostgresWorkflowEventQueue(Node());

    public ICanonicalRecordStore CanonicalRecords() => new PostgresCanonicalRecordStore(Node());

    public IQuarantineStore Quarantine() => new PostgresQuarantineStore(Node());

    public IDeadLetterStore DeadLetters() => new PostgresDeadLetterStore(Node());

    public IOutboxBacklog OutboxBacklog() => new PostgresOutboxBacklog(Node());

    public IReceivableStore Receivables() => new PostgresReceivableStore(Node());

    public ICustomerValueStore CustomerValues() => new PostgresCustomerValueStore(Node());

    public IStoreLocks Locks() => new PostgresStoreLocks(Node());

    public async Task<long> CountAsync(string table)
    {
        await using var connection = await Node().OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
    }
}
