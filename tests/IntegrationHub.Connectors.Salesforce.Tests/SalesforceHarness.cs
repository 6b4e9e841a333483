using System.Collections.Concurrent;
using IntegrationHub.Sandbox.Salesforce;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Connectors.Salesforce.Tests;

/// <summary>
/// A container with the Salesforce connector registered as the host would (<c>AddSalesforceConnector</c>, configuration binding,
/// start validation), against a sandbox or a stub. Retry delays are short; each test overrides what it needs.
/// </summary>
internal sealed class SalesforceHarness(IHost host, ConcurrentQueue<string> logs) : HostHarness(host, logs)
{
    public const string ClientSecret = "consumer-secret-7c1d2e";

    public IConnector Connector => Services.GetServices<IConnector>().Single(c => c.System == "salesforce");

    public SalesforceApiUsage Usage => Services.GetRequiredService<SalesforceApiUsage>();

    public EntityCapabilities Customers => Connector.Entities.Single(e => e.Entity == CanonicalEntity.Customer);

    public EntityCapabilities Orders => Connector.Entities.Single(e => e.Entity == CanonicalEntity.Order);

    public static SalesforceHarness ForSandbox(SalesforceSandbox sandbox, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        values.TryAdd("Connectors:Salesforce:ClientId", sandbox.Credentials.ClientId);
        values.TryAdd("Connectors:Salesforce:ClientSecret", sandbox.Credentials.ClientSecret);
        return Create(sandbox.BaseUrl, values);
    }

    public static SalesforceHarness Create(Uri? baseUrl, IDictionary<string, string?>? settings = null)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["Connectors:Salesforce:BaseUrl"] = baseUrl?.ToString(),
            ["Connectors:Salesforce:ClientId"] = "3MVG9-consumer-key",
            ["Connectors:Salesforce:ClientSecret"] = ClientSecret,
            ["Connectors:Salesforce:Retry:BaseDelay"] = "00:00:00.010",
            ["Connectors:Salesforce:Retry:MaxDelay"] = "00:00:00.100",
        };
        var (host, logs) = Build(defaults, settings, services => services.AddSalesforceConnector());
        return new SalesforceHarness(host, logs);
    }

    public static async Task<List<ChangePage>> ReadAllAsync(IChangeReader reader, string? cursor = null)
    {
        var pages = new List<ChangePage>();
        await foreach (var page in reader.ReadChangesAsync(cursor))
        {
            pages.Add(page);
        }

        return pages;
    }

    /// <summary>Data calls the plumbing logged (one line per attempt), e.g. <c>GET /services/data/v62.0/query</c>.</summary>
    public int Attempts(string methodAndPathPrefix) => Logs.Count(l => l.Contains($"{methodAndPathPrefix}", StringComparison.Ordinal)
        && (l.Contains(" answered ", StringComparison.Ordinal) || l.Contains(" failed with ", StringComparison.Ordinal)) && l.Contains("(attempt ", StringComparison.Ordinal));
}
