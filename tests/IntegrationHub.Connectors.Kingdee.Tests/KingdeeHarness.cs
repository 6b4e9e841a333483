using System.Collections.Concurrent;
using IntegrationHub.Sandbox.Kingdee;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Connectors.Kingdee.Tests;

/// <summary>
/// A container with the Kingdee connector registered as the host would (<c>AddKingdeeConnector</c>, configuration binding,
/// start validation), against a sandbox or WireMock. Retry delays are short; each test overrides what it needs.
/// </summary>
internal sealed class KingdeeHarness(IHost host, ConcurrentQueue<string> logs) : HostHarness(host, logs)
{
    public const string Password = "kd-password-7c2e91";

    public IConnector Connector => Services.GetServices<IConnector>().Single(c => c.System == "kingdee");

    public KingdeeClient Client => Services.GetRequiredService<KingdeeClient>();

    public EntityCapabilities Customers => Connector.Entities.Single(e => e.Entity == CanonicalEntity.Customer);

    public EntityCapabilities Orders => Connector.Entities.Single(e => e.Entity == CanonicalEntity.Order);

    /// <summary>Attempts the shared plumbing logged for a K3Cloud method, e.g. <c>ExecuteBillQuery</c> (one line per attempt).</summary>
    public int Attempts(string method) => Logs.Count(l => l.Contains($".{method}.common.kdsvc answered ", StringComparison.Ordinal)
        || l.Contains($".{method}.common.kdsvc failed with ", StringComparison.Ordinal));

    public static KingdeeHarness ForSandbox(KingdeeSandbox sandbox, IDictionary<string, string?>? settings = null)
    {
        var c = sandbox.Credentials;
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        values.TryAdd("Connectors:Kingdee:AcctId", c.AcctId);
        values.TryAdd("Connectors:Kingdee:UserName", c.UserName);
        values.TryAdd("Connectors:Kingdee:Password", c.Password);
        return Create(sandbox.BaseUrl, values);
    }

    public static KingdeeHarness Create(Uri? baseUrl, IDictionary<string, string?>? settings = null)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["Connectors:Kingdee:BaseUrl"] = baseUrl?.ToString(),
            ["Connectors:Kingdee:AcctId"] = "dc-1",
            ["Connectors:Kingdee:UserName"] = "hub",
            ["Connectors:Kingdee:Password"] = Password,
            ["Connectors:Kingdee:Retry:BaseDelay"] = "00:00:00.010",
            ["Connectors:Kingdee:Retry:MaxDelay"] = "00:00:00.100",
        };
        var (host, logs) = Build(defaults, settings, services => services.AddKingdeeConnector());
        return new KingdeeHarness(host, logs);
    }

    public async Task<List<ChangePage>> ReadAllAsync(EntityCapabilities entity, string? cursor = null)
    {
        var pages = new List<ChangePage>();
        await foreach (var page in entity.Reader!.ReadChangesAsync(cursor))
        {
            pages.Add(page);
        }

        return pages;
    }
}
