using IntegrationHub.Host.Http;
using IntegrationHub.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Receivables;

internal static class FinanceServiceCollectionExtensions
{
    /// <summary>
    /// Finance settings (validated at start) and the page tokens of the finance API. Tokens are protected with ASP.NET Core
    /// Data Protection; its key ring lives in <c>keys/</c> beside the SQLite store, so tokens survive a restart.
    /// </summary>
    public static IServiceCollection AddFinance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FinanceOptions>().BindConfiguration(FinanceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<FinanceOptions>, FinanceOptionsValidator>();
        services.AddOptions<Value.ValueOptions>().BindConfiguration(Value.ValueOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<Value.ValueOptions>, Value.ValueOptionsValidator>();
        var store = configuration.GetSection("Store").Get<StoreOptions>() ?? new StoreOptions();
        var keys = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store.SqlitePath)) ?? ".", "keys");
        services.AddDataProtection().SetApplicationName("IntegrationHub").PersistKeysToFileSystem(new DirectoryInfo(keys));
        services.AddSingleton<PageTokens>();
        return services;
    }
}
