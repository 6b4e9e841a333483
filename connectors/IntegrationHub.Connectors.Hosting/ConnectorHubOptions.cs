using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Connectors.Hosting;

/// <summary>Hub-wide connector settings, bound from the <c>Connectors</c> section (beside each connector's own <c>Connectors:&lt;name&gt;</c>).</summary>
public sealed class ConnectorHubOptions
{
    public const string Section = "Connectors";

    /// <summary>Folder of connector plugins, one subfolder per plugin. Empty (the default): no plugins. Relative paths are relative to the working folder.</summary>
    public string? PluginsPath { get; set; }

    /// <summary>How long one connector's health check may take for <c>GET /api/v1/connectors</c>. The default is 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Connectors:HealthTimeout must be between 100 ms and 1 minute.")]
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
