using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Host.WebConsole;

/// <summary>The console's settings (<c>Hub:Console</c>), validated at start.</summary>
internal sealed class ConsoleOptions
{
    public const string Section = "Hub:Console";

    /// <summary>How often live pages (the overview) read the hub's state again; 2 s by default.</summary>
    [Range(typeof(TimeSpan), "00:00:00.5", "00:05:00", ErrorMessage = "Hub:Console:RefreshInterval must be between 0.5 s and 5 min.")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the overview has the connectors' health checked (each check calls every vendor); 30 s by default.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "Hub:Console:HealthInterval must be between 5 s and 1 h.")]
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a console sign-in lasts without use (sliding); 8 h by default.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00", ErrorMessage = "Hub:Console:SessionLifetime must be between 5 min and 7 days.")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}
