using System.Collections.Concurrent;
using IntegrationHub.Sandbox.Xero;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Connectors.Xero.Tests;

/// <summary>
/// A container with the Xero connector registered as the host would (<c>AddXeroConnector</c>, configuration binding, start
/// validation), against a sandbox or a stub. Retry delays are short; each test overrides what it needs.
/// </summary>
internal sealed class XeroHarness(IHost host, ConcurrentQueue<string> logs) : HostHarness(host, logs)
{
    public const string ClientSecret = "xero-client-secret-41d9";
    public const string TenantId = "8a1b9c3e-2f4d-4e5a-9b6c-7d8e9f0a1b2c";

    public IConnector Connector => Services.GetServices<IConnector>().Single(c => c.System == "xero");

    public EntityCapabilities Receivables => Connector.Entities.Single(e => e.Entity == CanonicalEntity.Receivable);

    public static XeroHarness ForSandbox(XeroSandbox sandbox, IDictionary<string, string?>? settings = null)
    {
        var c = sandbox.Credentials;
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        values.TryAdd("Connectors:Xero:TenantId", c.TenantId);
        values.TryAdd("Connectors:Xero:OAuth2:TokenUrl", sandbox.TokenUrl.ToString());
        values.TryAdd("Connectors:Xero:OAuth2:ClientId", c.ClientId);
        values.TryAdd("Connectors:Xero:OAuth2:ClientSecret", c.ClientSecret);
        return Create(sandbox.BaseUrl, values);
    }

    public static XeroHarness Create(Uri? baseUrl, IDictionary<string, string?>? settings = null)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["Connectors:Xero:BaseUrl"] = baseUrl?.ToString(),
            ["Connectors:Xero:TenantId"] = TenantId,
            ["Connectors:Xero:OAuth2:TokenUrl"] = baseUrl is null ? null : new Uri(baseUrl, "connect/token").ToString(),
            ["Connectors:Xero:OAuth2:ClientId"] = "client-1",
            ["Connectors:Xero:OAuth2:ClientSecret"] = ClientSecret,
            ["Connectors:Xero:OAuth2:Scope"] = "accounting.transactions",
            ["Connectors:Xero:Retry:BaseDelay"] = "00:00:00.010",
            ["Connectors:Xero:Retry:MaxDelay"] = "00:00:00.100",
        };
        var (host, logs) = Build(defaults, settings, services => services.AddXeroConnector());
        return new XeroHarness(host, logs);
    }

    public EntityCapabilities Customers => Connector.Entities.Single(e => e.Entity == CanonicalEntity.Customer);

    public async Task<List<ChangePage>> ReadAllAsync(string? cursor = null, CanonicalEntity? entity = null)
    {
        var pages = new List<ChangePage>();
        var reader = entity is { } e ? Connector.Entities.Single(c => c.Entity == e).Reader! : Receivables.Reader!;
        await foreach (var page in reader.ReadChangesAsync(cursor))
        {
            pages.Add(page);
        }

        return pages;
    }
}
