using IntegrationHub.Connectors.Http.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Http.Tests.Options;

public sealed class ConnectorHttpOptionsValidationTests
{
    [Fact]
    public void Start_BadSettings_FailsWithMessagesNamingEachSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ConnectorHarness.Create(new Uri("http://127.0.0.1:1/"), new Dictionary<string, string?>
        {
            ["Connectors:test:BaseUrl"] = "not a url",
            ["Connectors:test:AttemptTimeout"] = "00:00:30",
            ["Connectors:test:Timeout"] = "00:00:10",
            ["Connectors:test:Retry:MaxRetries"] = "-1",
            ["Connectors:test:CircuitBreaker:FailureRatio"] = "1.5",
            ["Connectors:test:Limits:MaxConcurrency"] = "0",
        }));

        Assert.Contains("Connectors:test:BaseUrl must be an absolute http(s) URL.", error.Failures);
        Assert.Contains("Connectors:test:AttemptTimeout must not be longer than Connectors:test:Timeout.", error.Failures);
        Assert.Contains("Connectors:test:Retry:MaxRetries must be between 0 and 10.", error.Failures);
        Assert.Contains("Connectors:test:CircuitBreaker:FailureRatio must be more than 0 and at most 1.", error.Failures);
        Assert.Contains("Connectors:test:Limits:MaxConcurrency must be between 1 and 10000.", error.Failures);
    }

    [Fact]
    public void Start_NoBaseUrl_FailsWithOneMessageSayingItIsRequired()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ConnectorHarness.Create(new Uri("http://127.0.0.1:1/"), new Dictionary<string, string?>
        {
            ["Connectors:test:BaseUrl"] = "",
        }));

        Assert.Equal(["Connectors:test:BaseUrl is required (the vendor API's base URL)."], error.Failures);
    }

    [Fact]
    public void Start_OAuth2WithoutSecret_FailsNamingTheSettingWithoutEchoingValues()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ConnectorHarness.Create(new Uri("http://127.0.0.1:1/"), new Dictionary<string, string?>
        {
            ["Connectors:test:OAuth2:TokenUrl"] = "https://identity.example/connect/token",
            ["Connectors:test:OAuth2:ClientId"] = "client-id-value",
        }, b => b.AddOAuth2ClientCredentials()));

        Assert.Equal(["Connectors:test:OAuth2:ClientSecret is required."], error.Failures);
    }

    [Fact]
    public async Task Start_PublishedLimitsAsDefaults_ConfigurationStillWins()
    {
        await using var harness = ConnectorHarness.Create(
            new Uri("http://127.0.0.1:1/"),
            new Dictionary<string, string?> { ["Connectors:test:Limits:PermitLimit"] = "30" },
            defaults: o => PublishedLimits.Xero(o.Limits));

        var options = harness.Services.GetRequiredService<IOptionsMonitor<ConnectorHttpOptions>>().Get(ConnectorHarness.Name);

        Assert.Equal(5, options.Limits.MaxConcurrency); // Xero's published default
        Assert.Equal(30, options.Limits.PermitLimit); // configuration overrides it
        Assert.Equal(TimeSpan.FromMinutes(1), options.Limits.Window);
    }
}
