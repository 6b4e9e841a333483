using IntegrationHub.Connectors.Http.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Kingdee.Tests.Hosting;

/// <summary>Kingdee's settings live in one section, validated at start; the connector is an IConnector in DI.</summary>
public sealed class KingdeeRegistrationTests
{
    [Fact]
    public void Start_NoPassword_MessageNamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => KingdeeHarness.Create(
            new Uri("http://127.0.0.1:9/"), new Dictionary<string, string?> { ["Connectors:Kingdee:Password"] = "" }));

        Assert.Contains("Connectors:Kingdee:Password is required.", string.Join("\n", error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_PageSizeOverTheVendorMaximum_MessageNamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => KingdeeHarness.Create(
            new Uri("http://127.0.0.1:9/"), new Dictionary<string, string?> { ["Connectors:Kingdee:PageSize"] = "5000" }));

        Assert.Contains("Connectors:Kingdee:PageSize must be between 1 and 2000.", string.Join("\n", error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_NoBaseUrl_MessageNamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => KingdeeHarness.Create(baseUrl: null));

        Assert.Contains(error.Failures, f => f.StartsWith("Connectors:Kingdee:BaseUrl is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_Valid_ConnectorRegisteredAsIConnectorWithBothEntities()
    {
        await using var harness = KingdeeHarness.Create(new Uri("http://127.0.0.1:9/"));

        var connector = Assert.Single(harness.Services.GetServices<IConnector>());
        Assert.Equal("kingdee", connector.System);
        Assert.Equal([CanonicalEntity.Customer, CanonicalEntity.Order], connector.Entities.Select(e => e.Entity));
        Assert.All(connector.Entities, e => Assert.True(e.Reader is not null && e.Upserter is not null && e.Lookup is not null));
        Assert.Equal("http://127.0.0.1:9/", harness.Services.GetRequiredService<IOptionsMonitor<ConnectorHttpOptions>>().Get("kingdee").BaseUrl);
    }
}
