using IntegrationHub.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Storage.Tests.Postgres;

public sealed class PostgresDataSourceTests
{
    [Fact]
    public async Task Build_PreparesRepeatedStatementsAndKeepsThem_UnlessTheConnectionStringSaysOtherwise()
    {
        await using var defaults = PostgresDataSource.Build("Host=db;Database=hub;Username=hub", NullLoggerFactory.Instance);
        await using var chosen = PostgresDataSource.Build("Host=db;Database=hub;Username=hub;Max Auto Prepare=0;No Reset On Close=false", NullLoggerFactory.Instance);

        var d = new Npgsql.NpgsqlConnectionStringBuilder(defaults.ConnectionString);
        var c = new Npgsql.NpgsqlConnectionStringBuilder(chosen.ConnectionString);
        Assert.Equal((64, 2, true), (d.MaxAutoPrepare, d.AutoPrepareMinUsages, d.NoResetOnClose));
        Assert.Equal((0, false), (c.MaxAutoPrepare, c.NoResetOnClose));
    }
}
