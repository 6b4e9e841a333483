using IntegrationHub.Sandbox.Erp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Sandbox;

public static class SandboxServiceCollectionExtensions
{
    /// <summary>Registers the demo ERP that pushes generated orders to the hub (see <see cref="OrderGeneratorTarget"/>).</summary>
    public static IServiceCollection AddErpOrderGenerator(this IServiceCollection services)
    {
        services.AddOptions<OrderGeneratorOptions>().BindConfiguration(OrderGeneratorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(nameof(ErpOrderGenerator));
        services.AddSingleton<OrderGeneratorTarget>();
        services.AddSingleton<ErpOrderGenerator>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ErpOrderGenerator>());
        return services;
    }
}
