using IntegrationHub.Storage.Postgres;
using IntegrationHub.Storage.Tests.Contracts;
using Npgsql;

namespace IntegrationHub.Storage.Tests.Postgres;

public sealed class PostgresMigratorTests : IAsyncLifetime
{
    private PostgresBackend _db = null!;

    public async Task InitializeAsync() => _db = await PostgresBackend.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task NodesStartingTogether_OneMigrates_TheOthersWaitAndFindNothingToDo()
    {
        // A database of its own, not yet migrated, and six nodes migrating it at once.
        await using var fresh = NpgsqlDataSource.Create(await IntegrationHub.Testing.SharedPostgres.CreateDatabaseAsync("migrate"));
        var migrators = Enumerable.Range(0, 6).Select(_ => new PostgresMigrator(fresh, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresMigrator>.Instance));

        await Task.WhenAll(migrators.Select(m => Task.Run(() => m.MigrateAsync())));

        await using var command = fresh.CreateCommand("SELECT COUNT(*), COUNT(DISTINCT version), MAX(version) FROM schema_migrations");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((PostgresMigrator.LatestVersion, PostgresMigrator.LatestVersion, PostgresMigrator.LatestVersion), ((int)reader.GetInt64(0), (int)reader.GetInt64(1), reader.GetInt32(2)));
    }

    [Fact]
    public async Task WhileOneNodeHoldsTheMigrationLock_AnotherWaits()
    {
        await using var holder = await _db.Node().OpenConnectionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", holder) { Parameters = { new() { Value = PostgresMigrator.LockKey } } })
        {
            await take.ExecuteNonQueryAsync();
        }

        var waiting = _db.Migrator().MigrateAsync();
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted, "a second node migrated while the first held the lock");

        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", holder) { Parameters = { new() { Value = PostgresMigrator.LockKey } } })
        {
            await release.ExecuteNonQueryAsync();
        }

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ADatabaseMigratedByANewerHub_IsRefusedWithTheVersions()
    {
        await using (var connection = await _db.Node().OpenConnectionAsync())
        await using (var command = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', now())", connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _db.MigrateAsync());

        Assert.Contains("version 999", error.Message, StringComparison.Ordinal);
        Assert.Contains($"({PostgresMigrator.LatestVersion})", error.Message, StringComparison.Ordinal);
    }
}
