using IntegrationHub.Sandbox.Faults;
using IntegrationHub.Sandbox.Fxiaoke;

namespace IntegrationHub.Host.Demo;

/// <summary>
/// The emulated vendor systems this process runs (none outside demo/sandbox mode): the Fxiaoke CRM core, the Kingdee
/// ERP, Xero finance, Mailchimp marketing and the Salesforce second CRM, each on its own 127.0.0.1 port with fault
/// injection from <c>Sandbox:&lt;System&gt;:Faults</c>. Stopped with the host.
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

    /// <summary>
    /// Starts every sandbox from <c>Sandbox:&lt;System&gt;</c> (fault profiles validated); in demo mode the CRM starts with
    /// seeded data unless configured otherwise. A failure stops the ones already started.
    /// </summary>
    public static async Task<SandboxSystems> StartAsync(IConfiguration configuration, bool demo, CancellationToken cancellationToken = default)
    {
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

    /// <summary>Connector settings that point the hub at the sandboxes, for connectors whose base URL is not configured explicitly.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ConnectorSettings(IConfiguration configuration) =>
        systems.Where(s => string.IsNullOrEmpty(configuration[s.ConnectorSection + ":BaseUrl"])).SelectMany(s => s.Settings);

    public async ValueTask DisposeAsync()
    {
        foreach (var system in systems)
        {
            await system.Owner.DisposeAsync().ConfigureAwait(false);
        }
    }
}
