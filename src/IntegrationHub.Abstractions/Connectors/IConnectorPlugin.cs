using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Connectors;

/// <summary>
/// The one entry point of a connector plugin: an assembly in its own subfolder of <c>Connectors:PluginsPath</c> holds
/// exactly one public, non-abstract class implementing this interface with a public parameterless constructor. The hub
/// creates it while it builds its container and calls <see cref="Register"/>, which registers the plugin's connectors
/// (<c>services.AddSingleton&lt;IConnector, MyConnector&gt;()</c>) and whatever they need.
/// </summary>
/// <remarks>
/// Types of <c>IntegrationHub.Abstractions</c> and <c>Microsoft.Extensions.*</c> come from the hub, so a plugin
/// compiles against them without shipping them; every other dependency ships in the plugin's folder.
/// </remarks>
public interface IConnectorPlugin
{
    /// <summary>Registers the plugin's services. <paramref name="configuration"/> is the hub's whole configuration.</summary>
    void Register(IServiceCollection services, IConfiguration configuration);
}
