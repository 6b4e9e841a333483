using IntegrationHub.Host.Http;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Postgres;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Receivables;

internal static class FinanceServiceCollectionExtensions
{
    /// <summary>
    /// Finance settings (validated at start) and the page tokens of the finance API. Tokens are protected with ASP.NET Core
    /// Data Protection; its key ring lives in <c>keys/</c> beside the SQLite store, or in the PostgreSQL store's
    /// <c>data_protection_keys</c> (shared by every node), so tokens survive a restart.
    /// </summary>
    public static IServiceCollection AddFinance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FinanceOptions>().BindConfiguration(FinanceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<FinanceOptions>, FinanceOptionsValidator>();
        services.AddOptions<Value.ValueOptions>().BindConfiguration(Value.ValueOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<Value.ValueOptions>, Value.ValueOptionsValidator>();
        var store = configuration.GetSection("Store").Get<StoreOptions>() ?? new StoreOptions();
        var protection = services.AddDataProtection().SetApplicationName("IntegrationHub");
        if (store.IsPostgres)
        {
            // Every node shares one key ring in the database, so a page token from one node reads on any other.
            services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((o, sp) =>
                o.XmlRepository = new PostgresXmlRepository(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>()));
        }
        else
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store.SqlitePath)) ?? ".", "keys")));
        }

        services.AddSingleton<PageTokens>();
        return services;
    }
}
