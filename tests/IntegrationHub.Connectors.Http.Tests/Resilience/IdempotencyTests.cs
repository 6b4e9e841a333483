using IntegrationHub.Connectors.Http.Resilience;

namespace IntegrationHub.Connectors.Http.Tests.Resilience;

public sealed class IdempotencyTests
{
    [Theory]
    [InlineData("GET", true)]
    [InlineData("PUT", true)]
    [InlineData("DELETE", true)]
    [InlineData("POST", false)]
    [InlineData("PATCH", false)]
    public void IsIdempotent_ByMethod_FollowsRfc9110(string method, bool expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "http://vendor.example/x");

        Assert.Equal(expected, ConnectorRequests.IsIdempotent(request));
    }

    [Fact]
    public void IsIdempotent_PostMarkedOrWithIdempotencyKey_IsTrue()
    {
        using var marked = new HttpRequestMessage(HttpMethod.Post, "http://vendor.example/query").MarkIdempotent();
        using var keyed = new HttpRequestMessage(HttpMethod.Post, "http://vendor.example/Invoices");
        keyed.Headers.Add("Idempotency-Key", "inv-1");

        Assert.True(ConnectorRequests.IsIdempotent(marked));
        Assert.True(ConnectorRequests.IsIdempotent(keyed));
    }
}
