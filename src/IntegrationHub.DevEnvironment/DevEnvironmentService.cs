using System.Globalization;
using IntegrationHub.Kafka.Embedded;
using IntegrationHub.Sandbox.Hosting;
using Microsoft.Extensions.Options;

namespace IntegrationHub.DevEnvironment;

/// <summary>
/// Starts the development Kafka cluster and the five vendor sandboxes, writes the settings file a hub reads to use
/// them, and prints where everything listens. On stop: the file is deleted first (no hub may start against what is
/// going away), then the sandboxes and the cluster stop.
/// </summary>
internal sealed partial class DevEnvironmentService(
    IConfiguration configuration,
    IOptions<DevEnvironmentOptions> options,
    ILogger<DevEnvironmentService> logger) : IHostedService
{
    private EmbeddedKafkaCluster? _kafka;
    private SandboxSystems? _sandboxes;

    /// <summary>
    /// The seeded data of a demo at realistic volume (the defaults when <see cref="DevEnvironmentOptions.SeedCrm"/>; any can
    /// be given on the command line): thousands of customers on both sides, tens of thousands of ERP orders and thousands
    /// of receivables over two years (loyal, occasional, new, slipping, churned and won-back customers; punctual, late and
    /// very late payers), a month of CRM orders and payments. With the vendors' published limits on, the first sync takes hours, as it would for real.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> DemoVolume = new Dictionary<string, string?>
    {
        ["Sandbox:Fxiaoke:SeedAccounts"] = "2000",
        ["Sandbox:Fxiaoke:SeedOrders"] = "1000",
        ["Sandbox:Fxiaoke:SeedPayments"] = "500",
        ["Sandbox:Kingdee:SeedCustomers"] = "1000",
        ["Sandbox:Kingdee:SeedOrders"] = "20000",
        ["Sandbox:Kingdee:HistoryMonths"] = "24",
        ["Sandbox:Xero:SeedContacts"] = "1000",
        ["Sandbox:Xero:SeedInvoices"] = "8000",
        ["Sandbox:Xero:HistoryMonths"] = "24",
    };

    private static IConfiguration AtDemoVolume(IConfiguration configuration) =>
        new ConfigurationBuilder().AddInMemoryCollection(DemoVolume).AddConfiguration(configuration).Build();

    /// <summary>The sandboxes, once started (the summary reads the CRM's records).</summary>
    public SandboxSystems? Sandboxes => _sandboxes;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        _kafka = new EmbeddedKafkaCluster(o.KafkaBrokers);
        try
        {
            _sandboxes = await SandboxSystems.StartAsync(o.SeedCrm ? AtDemoVolume(configuration) : configuration, o.SeedCrm, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _kafka.Dispose();
            _kafka = null;
            throw;
        }

        var settings = new List<KeyValuePair<string, string?>>
        {
            new("Kafka:BootstrapServers", _kafka.BootstrapServers),
            new("DevEnvironment:ProcessId", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)),
        };
        settings.AddRange(_sandboxes.HubSettings());
        // The sandboxes' orders and invoices are in CNY, USD and EUR: the dev environment gives the hub rates for customer
        // value (illustrative; a company sets its own under Value:Rates).
        settings.Add(new("Value:Rates:USD", "7.10"));
        settings.Add(new("Value:Rates:EUR", "7.70"));

        SettingsFile.Write(o.SettingsFile, settings);
        LogKafka(logger, _kafka.BootstrapServers, _kafka.Brokers);
        foreach (var system in _sandboxes.Systems)
        {
            LogSandbox(logger, system.System, system.BaseUrl);
        }

        LogReady(logger, Path.GetFullPath(o.SettingsFile));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        SettingsFile.Delete(options.Value.SettingsFile);
        if (_sandboxes is not null)
        {
            await _sandboxes.DisposeAsync().ConfigureAwait(false);
        }

        _kafka?.Dispose();
        LogStopped(logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Development Kafka cluster at {BootstrapServers} ({Brokers} brokers, in memory only)")]
    private static partial void LogKafka(ILogger logger, string bootstrapServers, int brokers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox {System} at {BaseUrl}")]
    private static partial void LogSandbox(ILogger logger, string system, Uri baseUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dev environment ready; settings for the hub in {SettingsFile} (start it with --Hub:DevEnvironmentFile=<that file>)")]
    private static partial void LogReady(ILogger logger, string settingsFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dev environment stopped: settings file removed, sandboxes and Kafka cluster down")]
    private static partial void LogStopped(ILogger logger);
}
