using IntegrationHub.Connectors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.SamplePlugin;

/// <summary>
/// The plugin's one registration class: adds the <c>sample</c> connector (in-memory, configured from <c>Connectors:sample</c>)
/// and, when <c>Connectors:sample-api:BaseUrl</c> is set, the <c>sample-api</c> connector (a Refit connector in one file).
/// </summary>
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
        if (!string.IsNullOrWhiteSpace(configuration["Connectors:sample-api:BaseUrl"]))
        {
            ContactsApiConnector.Register(services);
        }
    }
}
