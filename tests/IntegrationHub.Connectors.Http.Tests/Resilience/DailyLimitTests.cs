using System.Net;

namespace IntegrationHub.Connectors.Http.Tests.Resilience;

/// <summary><c>Limits:DailyPermitLimit</c>: a connector-wide rolling 24-hour cap (Xero's 5,000 per day) next to the per-minute window.</summary>
public sealed class DailyLimitTests
{
    [Fact]
    public async Task Send_PastTheDailyCap_FailsFastAsTransientWithoutCallingTheVendor()
    {
        using var stub = PlumbingMock.Answering(200, "ok");
        await using var harness = ConnectorHarness.Create(stub.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:test:Limits:DailyPermitLimit"] = "3",
            ["Connectors:test:Limits:PerPath"] = "true", // the daily cap stays connector-wide even so
        });
        var client = harness.Client;

        foreach (var path in new[] { "a", "b", "c" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => client.GetAsync("d"));
        Assert.Contains("limits", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, stub.Requests);
    }

    [Fact]
    public void Start_NegativeDailyCap_MessageNamingTheSetting()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => ConnectorHarness.Create(
            new Uri("http://127.0.0.1:9/"), new Dictionary<string, string?> { ["Connectors:test:Limits:DailyPermitLimit"] = "-1" }));

        Assert.Contains("Connectors:test:Limits:DailyPermitLimit must be between 0 and 100000000.", error.Failures);
    }
}
