using IntegrationHub.Sandbox.Faults;
using IntegrationHub.Sandbox.Fxiaoke;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Sandbox.Hosting;

/// <summary>
/// The emulated vendor systems of the dev environment (and of the tests): the Fxiaoke CRM core, the Kingdee ERP, Xero
/// finance, Mailchimp marketing and the Salesforce second CRM, each on its own 127.0.0.1 port with fault injection from
/// <c>Sandbox:&lt;System&gt;:Faults</c>. Never part of the hub: the hub is pointed at them through connector settings.
/// </summary>
public sealed class SandboxSystems(FxiaokeSandbox? fxiaoke, IReadOnlyList<RunningSandbox> systems) : IAsyncDisposable
{
    public static SandboxSystems None { get; } = new(null, []);

    /// <summary>The CRM core (the demo's order flow and summary read it directly).</summary>
    public FxiaokeSandbox? Fxiaoke => fxiaoke;

    public IReadOnlyList<RunningSandbox> Systems => systems;

    public bool Running => systems.Count > 0;

    public IReadOnlyDictionary<string, string> BaseUrls => systems.ToDictionary(s => s.System, s => s.BaseUrl.ToString());

    /// <summary>Each sandbox's fault admin endpoint (<c>GET/PUT/DELETE</c>, header <see cref="SandboxFaults.AdminKeyHeader"/>).</summary>
    public IReadOnlyDictionary<string, string> AdminUrls => systems.ToDictionary(s => s.System, s => s.AdminUrl.ToString());

    /// <summary>Each sandbox's admin key (fresh per start); shown only by the authenticated system endpoint, never logged.</summary>
    public IReadOnlyDictionary<string, string> AdminKeys => systems.ToDictionary(s => s.System, s => s.Faults.AdminKey);

    /// <summary>Checks every <c>Sandbox:&lt;System&gt;</c> setting without starting anything.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">Each failure names its setting.</exception>
    public static void ValidateConfiguration(IConfiguration configuration)
    {
        FxiaokeSandboxOptions.FromConfiguration(configuration, null);
        VendorSandboxes.KingdeeSeedSizes(configuration);
        foreach (var system in new[] { "Kingdee", "Xero", "Mailchimp", "Salesforce" })
        {
            FaultProfile.FromConfiguration(configuration, system);
        }
    }

    /// <summary>
    /// Starts every sandbox from <c>Sandbox:&lt;System&gt;</c> (fault profiles validated); in demo mode the CRM starts with
    /// seeded data unless configured otherwise. A failure stops the ones already started.
    /// </summary>
    public static async Task<SandboxSystems> StartAsync(IConfiguration configuration, bool demo, CancellationToken cancellationToken = default)
    {
        ValidateConfiguration(configuration);
        var started = new List<RunningSandbox>();
        try
        {
            var fxiaokeDefaults = demo ? new FxiaokeSandboxOptions { SeedAccounts = 25, SeedOrders = 60, SeedPayments = 40 } : null;
            var fxiaoke = await FxiaokeSandbox.StartAsync(FxiaokeSandboxOptions.FromConfiguration(configuration, fxiaokeDefaults), cancellationToken: cancellationToken).ConfigureAwait(false);
            started.Add(VendorSandboxes.Fxiaoke(fxiaoke));
            foreach (var start in VendorSandboxes.Others)
            {
                started.Add(await start(configuration, cancellationToken).ConfigureAwait(false));
            }

            return new SandboxSystems(fxiaoke, started);
        }
        catch
        {
            foreach (var system in started)
            {
                await system.Owner.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Connector settings (<c>Connectors:&lt;System&gt;:*</c>: base URL and credentials) that point a hub at every sandbox.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ConnectorSettings() => systems.SelectMany(s => s.Settings);

    /// <summary>
    /// Everything a hub needs to use these sandboxes, as configuration: the connector settings, and under
    /// <c>DevEnvironment</c> each system's base URL, fault admin URL and admin key (the hub's system API shows them).
    /// </summary>
    public IEnumerable<KeyValuePair<string, string?>> HubSettings()
    {
        foreach (var setting in ConnectorSettings())
        {
            yield return setting;
        }

        yield return new("DevEnvironment:AdminKeyHeader", SandboxFaults.AdminKeyHeader);
        foreach (var system in systems)
        {
            yield return new($"DevEnvironment:Systems:{system.System}:BaseUrl", system.BaseUrl.ToString());
            yield return new($"DevEnvironment:Systems:{system.System}:AdminUrl", system.AdminUrl.ToString());
            yield return new($"DevEnvironment:Systems:{system.System}:AdminKey", system.Faults.AdminKey);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var system in systems)
        {
            await system.Owner.DisposeAsync().ConfigureAwait(false);
        }
    }
}
