using System.Text;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Http.Tests.Auth;

public sealed class HeaderAuthTests
{
    [Fact]
    public async Task Send_ApiKey_IsSentInTheConfiguredHeaderAndNeverLogged()
    {
        await using var stub = await StubServer.StartAsync((context, _) => context.Response.WriteAsync(context.Request.Headers["X-Vendor-Key"].ToString()));
        await using var harness = ConnectorHarness.Create(stub.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:test:ApiKey:HeaderName"] = "X-Vendor-Key",
            ["Connectors:test:ApiKey:Key"] = "key-0123456789",
        }, b => b.AddApiKeyAuth());

        using var response = await harness.Client.GetAsync("lists?apikey=key-0123456789");

        Assert.Equal("key-0123456789", await response.Content.ReadAsStringAsync());
        Assert.Contains(harness.Logs, line => line.Contains("GET /lists answered 200", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Logs, line => line.Contains("key-0123456789", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_Basic_SendsUserAndPassword()
    {
        await using var stub = await StubServer.StartAsync((context, _) => context.Response.WriteAsync(context.Request.Headers.Authorization.ToString()));
        await using var harness = ConnectorHarness.Create(stub.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:test:Basic:UserName"] = "anystring",
            ["Connectors:test:Basic:Password"] = "abc123-us14",
        }, b => b.AddBasicAuth());

        using var response = await harness.Client.GetAsync("lists");

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("anystring:abc123-us14")), await response.Content.ReadAsStringAsync());
    }
}
