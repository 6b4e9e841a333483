using System.Collections.Concurrent;
using IntegrationHub.Connectors.Fxiaoke.Orders;
using IntegrationHub.Sandbox.Fxiaoke;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Connectors.Fxiaoke.Tests;

/// <summary>
/// A container with the Fxiaoke connector registered exactly as the host does (<c>AddFxiaokeConnector</c>, configuration
/// binding, start validation), against a sandbox or WireMock. Retry delays are short; each test overrides what it needs.
/// </summary>
internal sealed class FxiaokeHarness(IHost host, ConcurrentQueue<string> logs) : HostHarness(host, logs)
{
    public const string AppSecret = "app-secret-0f3c9a7d";
    public const string PermanentCode = "permanent-code-5e1b";

    public FxiaokeClient Client => Services.GetRequiredService<FxiaokeClient>();

    public FxiaokeOrderUpserter Orders => Services.GetRequiredService<FxiaokeOrderUpserter>();

    /// <summary>Attempts the shared plumbing logged for <paramref name="path"/> (one line per attempt).</summary>
    public int Attempts(string path) => Logs.Count(l =>
        l.Contains($"POST /{path} answered ", StringComparison.Ordinal) || l.Contains($"POST /{path} failed with ", StringComparison.Ordinal));

    /// <summary>The Fxiaoke <see cref="IConnector"/> as the hub finds it (through the IConnector registrations).</summary>
    public IConnector Connector => Services.GetServices<IConnector>().Single(c => c.System == "fxiaoke");

    public EntityCapabilities Entity(CanonicalEntity entity) => Connector.Entities.Single(e => e.Entity == entity);

    public static FxiaokeHarness ForSandbox(FxiaokeSandbox sandbox, IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var c = sandbox.Credentials;
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        values.TryAdd("Connectors:Fxiaoke:AppId", c.AppId);
        values.TryAdd("Connectors:Fxiaoke:AppSecret", c.AppSecret);
        values.TryAdd("Connectors:Fxiaoke:PermanentCode", c.PermanentCode);
        values.TryAdd("Connectors:Fxiaoke:OperatorUserId", c.OperatorUserId);
        values.TryAdd("Connectors:Fxiaoke:MultiCurrency", "true"); // as the demo configures the sandbox tenant
        return Create(sandbox.BaseUrl, values, time);
    }

    /// <param name="time">The connector's clock (Polly delays, circuit breaks, token expiry); the real one when null.</param>
    public static FxiaokeHarness Create(Uri? baseUrl, IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["Connectors:Fxiaoke:BaseUrl"] = baseUrl?.ToString(),
            ["Connectors:Fxiaoke:AppId"] = "app-id",
            ["Connectors:Fxiaoke:AppSecret"] = AppSecret,
            ["Connectors:Fxiaoke:PermanentCode"] = PermanentCode,
            ["Connectors:Fxiaoke:OperatorUserId"] = "FSUID_TEST",
            ["Connectors:Fxiaoke:Retry:BaseDelay"] = "00:00:00.010",
            ["Connectors:Fxiaoke:Retry:MaxDelay"] = "00:00:00.100",
        };
        var (host, logs) = Build(defaults, settings, services =>
        {
            if (time is not null)
            {
                services.AddSingleton(time);
            }

            services.AddFxiaokeConnector();
        });
        return new FxiaokeHarness(host, logs);
    }
}
