using IntegrationHub.Testing;
using Npgsql;

namespace IntegrationHub.Storage.Tests.Postgres;

/// <summary>What counts as a store outage (it passes; nobody's fault) and what does not (the statement or the data is wrong).</summary>
public sealed class StoreOutageTests
{
    [Fact]
    public async Task ASessionTheServerEnded_IsAnOutage()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync("outage");
        await using var victim = new NpgsqlConnection(connectionString + ";Pooling=false");
        await victim.OpenAsync();
        await using (var admin = new NpgsqlConnection(connectionString + ";Pooling=false"))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand($"SELECT pg_terminate_backend({victim.ProcessID})", admin);
            await terminate.ExecuteScalarAsync();
        }

        await using var command = new NpgsqlCommand("SELECT 1", victim);
        var ended = await Assert.ThrowsAnyAsync<NpgsqlException>(() => command.ExecuteScalarAsync());

        Assert.True(StoreOutage.Instance.Is(ended), $"{ended.GetType().Name}: {ended.Message}");
        Assert.True(StoreOutage.Instance.Is(new InvalidOperationException("wrapped", ended)));
        Assert.True(StoreOutage.Instance.Is(new AggregateException(new InvalidOperationException("other"), ended)));
    }

    [Fact]
    public async Task EverySessionEnded_CostsOneFailedCall_ThenThePoolHandsOutLiveConnections()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync("outage");
        await using var data = NpgsqlDataSource.Create(connectionString);
        var held = new List<NpgsqlConnection>();
        for (var i = 0; i < 4; i++)
        {
            held.Add(await data.OpenConnectionAsync()); // four sessions, all in the pool once closed
        }

        foreach (var connection in held)
        {
            await connection.DisposeAsync();
        }

        // As a server restart does: every session of the database ends; the pool does not know.
        await using (var admin = new NpgsqlConnection(connectionString + ";Pooling=false"))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            await terminate.ExecuteNonQueryAsync();
        }

        var first = await Assert.ThrowsAnyAsync<NpgsqlException>(() => QueryAsync(data));
        Assert.True(StoreOutage.Instance.Is(first)); // 57P01: an outage, not the statement's fault

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(1, await QueryAsync(data)); // Npgsql empties the pool on 57P01: the three other dead sessions are not handed out
        }
    }

    [Fact]
    public async Task AWrongStatementOrAConstraint_IsNotAnOutage()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync("outage");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)", connection);
        await create.ExecuteNonQueryAsync();

        await using var duplicate = new NpgsqlCommand("INSERT INTO t VALUES (1)", connection);
        var unique = await Assert.ThrowsAsync<PostgresException>(() => duplicate.ExecuteNonQueryAsync());
        await using var wrong = new NpgsqlCommand("SELEC 1", connection);
        var syntax = await Assert.ThrowsAsync<PostgresException>(() => wrong.ExecuteNonQueryAsync());

        Assert.False(StoreOutage.Instance.Is(unique));
        Assert.False(StoreOutage.Instance.Is(syntax));
        Assert.False(StoreOutage.Instance.Is(new TimeoutException("a connector timed out")));
    }

    private static async Task<int> QueryAsync(NpgsqlDataSource data)
    {
        await using var command = data.CreateCommand("SELECT 1");
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
