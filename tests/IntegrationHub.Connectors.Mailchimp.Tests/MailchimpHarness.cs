using System.Collections.Concurrent;
using IntegrationHub.Sandbox.Mailchimp;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Connectors.Mailchimp.Tests;

/// <summary>
/// A container with the Mailchimp connector registered as the host would (<c>AddMailchimpConnector</c>, configuration binding,
/// start validation), against a sandbox or a stub. Retry delays are short; each test overrides what it needs.
/// </summary>
internal sealed class MailchimpHarness(IHost host, ConcurrentQueue<string> logs) : HostHarness(host, logs)
{
    public const string ApiKey = "0123456789abcdef0123456789abcdef-us14";
    public const string ListId = "57afe96172";

    public IConnector Connector => Services.GetServices<IConnector>().Single(c => c.System == "mailchimp");

    public EntityCapabilities Contacts => Connector.Entities.Single(e => e.Entity == CanonicalEntity.MarketingContact);

    public static MailchimpHarness ForSandbox(MailchimpSandbox sandbox, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        values.TryAdd("Connectors:Mailchimp:ApiKey", sandbox.Credentials.ApiKey);
        values.TryAdd("Connectors:Mailchimp:ListId", sandbox.Credentials.ListId);
        return Create(sandbox.BaseUrl, values);
    }

    public static MailchimpHarness Create(Uri? baseUrl, IDictionary<string, string?>? settings = null)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["Connectors:Mailchimp:BaseUrl"] = baseUrl?.ToString(),
            ["Connectors:Mailchimp:ApiKey"] = ApiKey,
            ["Connectors:Mailchimp:ListId"] = ListId,
            ["Connectors:Mailchimp:Retry:BaseDelay"] = "00:00:00.010",
            ["Connectors:Mailchimp:Retry:MaxDelay"] = "00:00:00.100",
        };
        var (host, logs) = Build(defaults, settings, services => services.AddMailchimpConnector());
        return new MailchimpHarness(host, logs);
    }

    /// <summary>Reads every page from <paramref name="cursor"/>.</summary>
    public async Task<List<ChangePage>> ReadAllAsync(string? cursor = null)
    {
        var pages = new List<ChangePage>();
        await foreach (var page in Contacts.Reader!.ReadChangesAsync(cursor))
        {
            pages.Add(page);
        }

        return pages;
    }
}
