using System.Net;
using System.Text;
using WireMock;

namespace IntegrationHub.Connectors.Http.Tests.Auth;

public sealed class OAuth2ClientCredentialsTests
{
    private const string ClientSecret = "s3cret-value-never-logged";

    [Fact]
    public async Task Send_TokenRevokedByTheVendor_RenewsOnceAndRetriesWithExactlyTwoTokenRequests()
    {
        var tokenRequests = 0;
        var validToken = "";
        using var stub = PlumbingMock.Answering((request, _) =>
        {
            if (request.Path == "/connect/token")
            {
                var issued = $"token-{Interlocked.Increment(ref tokenRequests)}";
                Volatile.Write(ref validToken, issued);
                return Task.FromResult(Token(issued));
            }

            var presented = Authorization(request);
            return Task.FromResult(presented != "Bearer " + Volatile.Read(ref validToken) ? PlumbingMock.Reply(401) : PlumbingMock.Reply(200, presented));
        });
        await using var harness = Create(stub);

        using (var first = await harness.Client.GetAsync("Invoices"))
        {
            Assert.Equal("Bearer token-1", await first.Content.ReadAsStringAsync());
        }

        Volatile.Write(ref validToken, "revoked"); // the vendor drops token-1 before its expiry
        using var second = await harness.Client.GetAsync("Invoices");

        Assert.Equal("Bearer token-2", await second.Content.ReadAsStringAsync());
        Assert.Equal(2, Volatile.Read(ref tokenRequests));
    }

    [Fact]
    public async Task Send_401EvenWithANewToken_RetriesExactlyOnceThenThrowsPermanent()
    {
        var tokenRequests = 0;
        using var stub = PlumbingMock.Answering((request, _) =>
        {
            if (request.Path == "/connect/token")
            {
                Interlocked.Increment(ref tokenRequests);
                return Task.FromResult(Token("t"));
            }

            return Task.FromResult(PlumbingMock.Reply(401));
        });
        await using var harness = Create(stub);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Client.GetAsync("Invoices"));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal(2, Volatile.Read(ref tokenRequests));
        Assert.Equal(4, stub.Requests); // token, call, token, call
    }

    [Fact]
    public async Task Send_ConcurrentCalls_ShareOneTokenRequestAndSendClientCredentialsAsBasic()
    {
        var tokenRequests = 0;
        var clientAuth = "";
        var form = "";
        using var stub = PlumbingMock.Answering(async (request, _) =>
        {
            if (request.Path == "/connect/token")
            {
                Interlocked.Increment(ref tokenRequests);
                clientAuth = Authorization(request);
                form = request.Body ?? "";
                await Task.Delay(100);
                return Token("t");
            }

            return PlumbingMock.Reply(200, "ok");
        });
        await using var harness = Create(stub);
        var client = harness.Client;

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync("Invoices")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, Volatile.Read(ref tokenRequests));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("hub-client:" + ClientSecret)), clientAuth);
        Assert.Equal("grant_type=client_credentials&scope=accounting.transactions", form);
        Assert.DoesNotContain(harness.Logs, line => line.Contains(ClientSecret, StringComparison.Ordinal) || line.Contains("Bearer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_TokenEndpointRejectsTheClient_ThrowsPermanentWithTheOAuthError()
    {
        using var stub = PlumbingMock.Answering(400, """{"error":"invalid_client","error_description":"unknown client"}""", ("Content-Type", "application/json"));
        await using var harness = Create(stub);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Client.GetAsync("Invoices"));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("invalid_client", error.VendorCode);
        Assert.Contains("/connect/token", error.Message);
        Assert.DoesNotContain(ClientSecret, error.Message);
    }

    private static IResponseMessage Token(string token) =>
        PlumbingMock.Reply(200, $$"""{"access_token":"{{token}}","token_type":"Bearer","expires_in":1800}""", ("Content-Type", "application/json"));

    private static string Authorization(IRequestMessage request) =>
        request.Headers?.TryGetValue("Authorization", out var values) == true ? values.ToString() : "";

    private static ConnectorHarness Create(PlumbingMock stub) => ConnectorHarness.Create(stub.BaseUrl, new Dictionary<string, string?>
    {
        ["Connectors:test:OAuth2:TokenUrl"] = new Uri(stub.BaseUrl, "connect/token").ToString(),
        ["Connectors:test:OAuth2:ClientId"] = "hub-client",
        ["Connectors:test:OAuth2:ClientSecret"] = ClientSecret,
        ["Connectors:test:OAuth2:Scope"] = "accounting.transactions",
    }, b => b.AddOAuth2ClientCredentials());
}
