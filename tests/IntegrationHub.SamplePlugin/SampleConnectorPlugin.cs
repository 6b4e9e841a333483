using IntegrationHub.Connectors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.SamplePlugin;

/// <summary>The plugin's one registration class: adds the <c>sample</c> connector, configured from <c>Connectors:sample</c>.</summary>
public sealed class SampleConnectorPlugin : IConnectorPlugin
{
    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        if (configuration["Connectors:sample:RefuseRegistration"] == "true")
        {
            throw new InvalidOperationException("Connectors:sample:Greeting must be set before the sample plugin can register.");
        }

        var greeting = configuration["Connectors:sample:Greeting"] ?? "sample plugin ready";
        services.AddSingleton<IConnector>(new SampleConnector(greeting));
    }
}
