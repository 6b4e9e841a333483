using Microsoft.Extensions.Logging;
using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>
/// The hub's pooled PostgreSQL data source. Where the operator's connection string does not say otherwise, statements the
/// hub runs again and again are prepared on each pooled connection (<c>Max Auto Prepare</c> 64 after 2 uses: each is parsed
/// and planned once per connection, not per call), and a connection going back to the pool keeps its prepared statements
/// (<c>No Reset On Close</c>: the hub leaves no session state behind; its session advisory locks are released explicitly).
/// </summary>
public static class PostgresDataSource
{
    public static NpgsqlDataSource Build(string connectionString, ILoggerFactory loggers)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        // The keys the operator wrote (Npgsql's own builder answers "contains" for every key it knows).
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        bool Given(string key) => written.Contains(key);
        if (!Given("MAXAUTOPREPARE"))
        {
            settings.MaxAutoPrepare = 64;
        }

        if (!Given("AUTOPREPAREMINUSAGES"))
        {
            settings.AutoPrepareMinUsages = 2;
        }

        if (!Given("NORESETONCLOSE"))
        {
            settings.NoResetOnClose = true;
        }

        var builder = new NpgsqlDataSourceBuilder(settings.ConnectionString);
        return builder.UseLoggerFactory(loggers).Build();
    }
}
