using IntegrationHub.Connectors.Http.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Xero.Tests.Hosting;

/// <summary>Xero's settings live in one section, validated at start, with Xero's published limits as defaults.</summary>
public sealed class XeroRegistrationTests
{
    [Fact]
    public void Start_NoTenantId_MessageNamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => XeroHarness.Create(
            new Uri("http://127.0.0.1:9/"), new Dictionary<string, string?> { ["Connectors:Xero:TenantId"] = "" }));

        Assert.Contains("Connectors:Xero:TenantId is required", string.Join("\n", error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_NoClientSecret_MessageNamingTheSettingWithoutValues()
    {
        var error = Assert.Throws<OptionsValidationException>(() => XeroHarness.Create(
            new Uri("http://127.0.0.1:9/"), new Dictionary<string, string?> { ["Connectors:Xero:OAuth2:ClientSecret"] = "" }));

        Assert.Contains("OAuth2:ClientSecret is required.", string.Join("\n", error.Failures), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Start_Defaults_XeroPublishedLimitsAndOneIConnector()
    {
        await using var harness = XeroHarness.Create(new Uri("http://127.0.0.1:9/"));

        var limits = harness.Services.GetRequiredService<IOptionsMonitor<ConnectorHttpOptions>>().Get("xero").Limits;
        Assert.Equal((5, 60, TimeSpan.FromMinutes(1), 5000), (limits.MaxConcurrency, limits.PermitLimit, limits.Window, limits.DailyPermitLimit));
        Assert.Equal(TimeSpan.FromMinutes(2), harness.Services.GetRequiredService<IOptionsMonitor<ConnectorHttpOptions>>().Get("xero").Timeout);
        var connector = Assert.Single(harness.Services.GetServices<IConnector>());
        Assert.Equal("xero", connector.System);
        Assert.Equal([CanonicalEntity.Receivable, CanonicalEntity.Customer, CanonicalEntity.Payment], connector.Entities.Select(e => e.Entity));
    }
}
