using System.Net;
using System.Text;
using IntegrationHub.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace IntegrationHub.Connectors.Http.Tests.Auth;

public sealed class HeaderAuthTests
{
    [Fact]
    public async Task Send_ApiKey_IsSentInTheConfiguredHeaderAndNeverLogged()
    {
        using var mock = VendorMock.StartBlank();
        mock.Server.Given(Request.Create().WithPath("/lists").UsingGet().WithHeader("X-Vendor-Key", "key-0123456789")).WithTitle("key in its header")
            .RespondWith(Response.Create().WithBody("ok"));
        await using var harness = ConnectorHarness.Create(mock.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:test:ApiKey:HeaderName"] = "X-Vendor-Key",
            ["Connectors:test:ApiKey:Key"] = "key-0123456789",
        }, b => b.AddApiKeyAuth());

        using var response = await harness.Client.GetAsync("lists?apikey=key-0123456789");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        mock.AssertEveryRequestMatched();
        Assert.Contains(harness.Logs, line => line.Contains("GET /lists answered 200", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Logs, line => line.Contains("key-0123456789", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_Basic_SendsUserAndPassword()
    {
        using var mock = VendorMock.StartBlank();
        mock.Server.Given(Request.Create().WithPath("/lists").UsingGet()
                .WithHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("anystring:abc123-us14"))))
            .WithTitle("basic credentials").RespondWith(Response.Create().WithBody("ok"));
        await using var harness = ConnectorHarness.Create(mock.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:test:Basic:UserName"] = "anystring",
            ["Connectors:test:Basic:Password"] = "abc123-us14",
        }, b => b.AddBasicAuth());

        using var response = await harness.Client.GetAsync("lists");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        mock.AssertEveryRequestMatched();
    }
}
