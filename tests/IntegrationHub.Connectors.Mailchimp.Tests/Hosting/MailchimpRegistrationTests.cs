using IntegrationHub.Connectors.Http.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Mailchimp.Tests.Hosting;

public sealed class MailchimpRegistrationTests
{
    [Fact]
    public void AddMailchimpConnector_NoKeyNoList_StartFailsNamingEachSetting()
    {
        var failures = StartFailures(() => MailchimpHarness.Create(null, new Dictionary<string, string?>
        {
            ["Connectors:Mailchimp:ApiKey"] = "",
            ["Connectors:Mailchimp:ListId"] = "",
        }));

        Assert.Contains("Connectors:Mailchimp:ApiKey is required.", failures);
        Assert.Contains("Connectors:Mailchimp:ListId is required (the audience id).", failures);
        Assert.Contains("Connectors:Mailchimp:BaseUrl is required (the vendor API's base URL).", failures); // no key to take it from
    }

    [Fact]
    public void AddMailchimpConnector_KeyWithoutDataCentre_FailsWithoutEchoingTheKey()
    {
        const string key = "abcdef0123456789secret";

        var failures = StartFailures(() => MailchimpHarness.Create(null, new Dictionary<string, string?> { ["Connectors:Mailchimp:ApiKey"] = key }));

        Assert.Contains("Connectors:Mailchimp:ApiKey must end in its data centre, for example '-us14'.", failures);
        Assert.DoesNotContain(failures, f => f.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddMailchimpConnector_NoBaseUrl_TakesTheKeysDataCentre()
    {
        await using var harness = MailchimpHarness.Create(null);

        var http = harness.Services.GetRequiredService<IOptionsMonitor<ConnectorHttpOptions>>().Get("mailchimp");

        Assert.Equal("https://us14.api.mailchimp.com/3.0/", http.BaseUrl);
        Assert.Equal(10, http.Limits.MaxConcurrency); // Mailchimp's 10 simultaneous connections
    }

    [Fact]
    public async Task AddMailchimpConnector_RegistersOneIConnectorWithEveryContactCapability_AndWriteOnlyTags()
    {
        await using var harness = MailchimpHarness.Create(null);

        Assert.Equal(2, harness.Connector.Entities.Count);
        Assert.True(harness.Connector.Entities[1] is { Reader: null, Upserter: not null, Lookup: null } tags && tags.Entity.Name == "marketing-tags");
        var contacts = harness.Connector.Entities[0];
        Assert.Equal(CanonicalEntity.MarketingContact, contacts.Entity);
        Assert.NotNull(contacts.Reader);
        Assert.NotNull(contacts.Upserter);
        Assert.NotNull(contacts.Lookup);
    }

    // The start validator throws one OptionsValidationException, or an AggregateException of several.
    private static IReadOnlyList<string> StartFailures(Action start)
    {
        var error = Assert.ThrowsAny<Exception>(start);
        var all = error is AggregateException many ? many.InnerExceptions : [error];
        return all.Select(e => Assert.IsType<OptionsValidationException>(e)).SelectMany(e => e.Failures).ToList();
    }
}
