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

    public static async Task<SandboxSystems> StartAsync(CancellationToken cancellationToken = default) =>
        new(await FxiaokeSandbox.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false));

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
