using System.Globalization;
using IntegrationHub.Sandbox.Faults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Sandbox.Fxiaoke;

/// <summary>How the Fxiaoke sandbox starts, from <c>Sandbox:Fxiaoke</c> (see <see cref="FromConfiguration"/>).</summary>
public sealed class FxiaokeSandboxOptions
{
    public const string SystemName = "Fxiaoke";

    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        nameof(Port), nameof(SeedAccounts), nameof(SeedOrders), nameof(SeedPayments), nameof(DataSeed), nameof(Faults),
    };

    /// <summary>Port on 127.0.0.1; 0 picks a free one. The default is 0.</summary>
    public int Port { get; set; }

    /// <summary>Accounts created at start (realistic data from Bogus). The default is 0; the demo seeds some.</summary>
    public int SeedAccounts { get; set; }

    /// <summary>Sales orders created at start, spread over the seeded accounts.</summary>
    public int SeedOrders { get; set; }

    /// <summary>Payments created at start, each against a seeded order.</summary>
    public int SeedPayments { get; set; }

    /// <summary>Random seed of the seeded data, so every start holds the same records. The default is 2026.</summary>
    public int DataSeed { get; set; } = 2026;

    /// <summary>Fault injection (<c>Sandbox:Fxiaoke:Faults</c>); none by default.</summary>
    public FaultProfile Faults { get; set; } = new();

    /// <summary>Reads <c>Sandbox:Fxiaoke</c> over <paramref name="defaults"/>, validated; the fault profile as <see cref="FaultProfile.FromConfiguration"/>.</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names it.</exception>
    public static FxiaokeSandboxOptions FromConfiguration(IConfiguration? configuration, FxiaokeSandboxOptions? defaults = null)
    {
        var options = defaults ?? new FxiaokeSandboxOptions();
        var section = configuration?.GetSection("Sandbox:" + SystemName);
        if (section is not null)
        {
            if (section.GetChildren().FirstOrDefault(c => !Known.Contains(c.Key)) is { } unknown)
            {
                throw Invalid($"Sandbox:Fxiaoke:{unknown.Key} is not a setting (known: {string.Join(", ", Known)}).");
            }

            options.Port = Int(section, nameof(Port), options.Port, 0, 65535);
            options.SeedAccounts = Int(section, nameof(SeedAccounts), options.SeedAccounts, 0, 100_000);
            options.SeedOrders = Int(section, nameof(SeedOrders), options.SeedOrders, 0, 100_000);
            options.SeedPayments = Int(section, nameof(SeedPayments), options.SeedPayments, 0, 100_000);
            options.DataSeed = Int(section, nameof(DataSeed), options.DataSeed, int.MinValue, int.MaxValue);
        }

        options.Faults = FaultProfile.FromConfiguration(configuration, SystemName);
        if (options.SeedAccounts == 0 && (options.SeedOrders > 0 || options.SeedPayments > 0))
        {
            throw Invalid("Sandbox:Fxiaoke:SeedOrders and SeedPayments need Sandbox:Fxiaoke:SeedAccounts above 0.");
        }

        if (options.SeedPayments > 0 && options.SeedOrders == 0)
        {
            throw Invalid("Sandbox:Fxiaoke:SeedPayments needs Sandbox:Fxiaoke:SeedOrders above 0.");
        }

        return options;
    }

    private static int Int(IConfigurationSection section, string key, int fallback, int min, int max)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Invalid($"Sandbox:Fxiaoke:{key} must be a whole number between {min} and {max}.");
    }

    private static OptionsValidationException Invalid(string message) =>
        new("Sandbox:" + SystemName, typeof(FxiaokeSandboxOptions), [message]);
}
