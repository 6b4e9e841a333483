using IntegrationHub.Sandbox.Faults;
using IntegrationHub.Sandbox.Fxiaoke;

namespace IntegrationHub.Host.Demo;

/// <summary>The emulated vendor systems this process runs (none outside demo/sandbox mode). Stopped with the host.</summary>
public sealed class SandboxSystems(FxiaokeSandbox? fxiaoke) : IAsyncDisposable
{
    public static SandboxSystems None { get; } = new(null);

    public FxiaokeSandbox? Fxiaoke => fxiaoke;

    public bool Running => fxiaoke is not null;

    public IReadOnlyDictionary<string, string> BaseUrls =>
        fxiaoke is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["fxiaoke"] = fxiaoke.BaseUrl.ToString() };

    /// <summary>Each sandbox's fault admin endpoint (<c>GET/PUT/DELETE</c>, header <see cref="SandboxFaults.AdminKeyHeader"/>).</summary>
    public IReadOnlyDictionary<string, string> AdminUrls =>
        fxiaoke is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["fxiaoke"] = fxiaoke.AdminUrl.ToString() };

    /// <summary>Each sandbox's admin key (fresh per start); shown only by the authenticated system endpoint, never logged.</summary>
    public IReadOnlyDictionary<string, string> AdminKeys =>
        fxiaoke is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["fxiaoke"] = fxiaoke.Faults.AdminKey };

    /// <summary>
    /// Starts the sandboxes from <c>Sandbox:&lt;System&gt;</c> (fault profiles from <c>Sandbox:&lt;System&gt;:Faults</c>, validated);
    /// in demo mode the CRM starts with seeded data unless configured otherwise.
    /// </summary>
    public static async Task<SandboxSystems> StartAsync(IConfiguration configuration, bool demo, CancellationToken cancellationToken = default)
    {
        var fxiaokeDefaults = demo ? new FxiaokeSandboxOptions { SeedAccounts = 25, SeedOrders = 60, SeedPayments = 40 } : null;
        var fxiaokeOptions = FxiaokeSandboxOptions.FromConfiguration(configuration, fxiaokeDefaults);
        return new(await FxiaokeSandbox.StartAsync(fxiaokeOptions, cancellationToken: cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Connector settings that point the hub at the sandbox, for the settings not configured explicitly.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ConnectorSettings(IConfiguration configuration)
    {
        if (fxiaoke is null || !string.IsNullOrEmpty(configuration["Connectors:Fxiaoke:BaseUrl"]))
        {
            yield break;
        }

        var c = fxiaoke.Credentials;
        yield return new("Connectors:Fxiaoke:BaseUrl", fxiaoke.BaseUrl.ToString());
        yield return new("Connectors:Fxiaoke:AppId", c.AppId);
        yield return new("Connectors:Fxiaoke:AppSecret", c.AppSecret);
        yield return new("Connectors:Fxiaoke:PermanentCode", c.PermanentCode);
        yield return new("Connectors:Fxiaoke:OperatorUserId", c.OperatorUserId);
    }

    public async ValueTask DisposeAsync()
    {
        if (fxiaoke is not null)
        {
            await fxiaoke.DisposeAsync().ConfigureAwait(false);
        }
    }
}
