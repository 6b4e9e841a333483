using System.Text.Json;

namespace IntegrationHub.Host.Configuration;

/// <summary>
/// Reads the settings file of a running dev environment (<c>Hub:DevEnvironmentFile</c>): its Kafka cluster, the
/// connector settings of its sandboxes and their addresses (<c>DevEnvironment:*</c>, shown by the system API), and the
/// exchange rates of the sandboxes' currencies for customer value (<c>Value:Rates:*</c>).
/// What is configured explicitly wins: <c>Kafka:BootstrapServers</c> when set, and a connector whose <c>BaseUrl</c>
/// is set keeps all of its own settings (none of the sandbox's credentials are mixed in).
/// </summary>
internal static class DevEnvironmentSettings
{
    public const string Section = "DevEnvironment";

    /// <exception cref="DevEnvironmentFileException">The file is missing or not the dev environment's JSON.</exception>
    public static IEnumerable<KeyValuePair<string, string?>> Read(string path, IConfiguration configured)
    {
        IConfigurationRoot file;
        try
        {
            file = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        }
        catch (FileNotFoundException)
        {
            throw new DevEnvironmentFileException($"Hub:DevEnvironmentFile: {path} does not exist; start the dev environment first (./build.sh demo starts both), or leave the setting empty.");
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or JsonException)
        {
            throw new DevEnvironmentFileException($"Hub:DevEnvironmentFile: {path} is not a dev environment settings file (not JSON configuration).");
        }

        if (string.IsNullOrEmpty(file["Kafka:BootstrapServers"]) || !file.GetSection(Section).Exists())
        {
            throw new DevEnvironmentFileException($"Hub:DevEnvironmentFile: {path} is not a dev environment settings file (Kafka:BootstrapServers or DevEnvironment missing).");
        }

        var settings = new List<KeyValuePair<string, string?>>();
        if (string.IsNullOrEmpty(configured["Kafka:BootstrapServers"]))
        {
            settings.Add(new("Kafka:BootstrapServers", file["Kafka:BootstrapServers"]));
        }

        foreach (var connector in file.GetSection("Connectors").GetChildren())
        {
            if (string.IsNullOrEmpty(configured[$"Connectors:{connector.Key}:BaseUrl"]))
            {
                settings.AddRange(connector.AsEnumerable().Where(kv => kv.Value is not null));
            }
        }

        // The sandboxes' currencies' rates for customer value, unless the hub sets a currency's rate itself.
        foreach (var rate in file.GetSection("Value:Rates").GetChildren())
        {
            if (string.IsNullOrEmpty(configured[$"Value:Rates:{rate.Key}"]) && rate.Value is not null)
            {
                settings.Add(new($"Value:Rates:{rate.Key}", rate.Value));
            }
        }

        settings.AddRange(file.GetSection(Section).AsEnumerable().Where(kv => kv.Value is not null));
        return settings;
    }
}

/// <summary>The dev environment settings file cannot be used; the message names the setting and the file.</summary>
internal sealed class DevEnvironmentFileException(string message) : Exception(message);
