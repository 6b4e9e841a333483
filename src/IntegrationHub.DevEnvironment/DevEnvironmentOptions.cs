using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.DevEnvironment;

/// <summary>The dev environment's own settings, bound from <c>DevEnvironment</c>.</summary>
public sealed class DevEnvironmentOptions
{
    public const string Section = "DevEnvironment";

    /// <summary>
    /// Where the addresses and credentials of everything started are written for the hub
    /// (<c>--Hub:DevEnvironmentFile=...</c>); deleted when the dev environment stops. The default is
    /// <c>./data/dev-environment.json</c>.
    /// </summary>
    [Required(ErrorMessage = "DevEnvironment:SettingsFile is required.")]
    public string SettingsFile { get; set; } = "./data/dev-environment.json";

    /// <summary>Brokers of the development Kafka cluster (librdkafka's mock cluster, in memory). The default is 3.</summary>
    [Range(1, 9, ErrorMessage = "DevEnvironment:KafkaBrokers must be between 1 and 9.")]
    public int KafkaBrokers { get; set; } = 3;

    /// <summary>Seed the CRM with realistic accounts, orders and payments. The default is true.</summary>
    public bool SeedCrm { get; set; } = true;

    /// <summary>Run the demo ERP, which pushes orders to the hub at <see cref="HubUrl"/>. The default is true.</summary>
    public bool DemoErp { get; set; } = true;

    /// <summary>The hub the demo ERP pushes to and the summary reads. The default is <c>http://127.0.0.1:5080/</c>.</summary>
    [Required(ErrorMessage = "DevEnvironment:HubUrl is required.")]
    public Uri HubUrl { get; set; } = new("http://127.0.0.1:5080/");

    /// <summary>The API key the demo ERP and the summary use (<c>HUB_API_KEY</c> when set). The default is <c>demo</c>.</summary>
    [Required(ErrorMessage = "DevEnvironment:HubApiKey is required.")]
    public string HubApiKey { get; set; } = "demo";

    /// <summary>
    /// Actions per second of the demo's people at work in the CRM and the ERP (<see cref="BusinessActivity"/>); 0 turns
    /// them off. The default is 1.
    /// </summary>
    [Range(0, 100, ErrorMessage = "DevEnvironment:ActivityPerSecond must be between 0 and 100.")]
    public double ActivityPerSecond { get; set; } = 1;

    /// <summary>Seconds between summary lines; 0 turns the summary off. The default is 2.</summary>
    [Range(0, 3600, ErrorMessage = "DevEnvironment:SummaryIntervalSeconds must be between 0 and 3600.")]
    public double SummaryIntervalSeconds { get; set; } = 2;
}
