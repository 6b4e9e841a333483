using System.Net;
using System.Net.Http.Headers;
using IntegrationHub.Connectors.Http.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Connectors.Http.Tests.Resilience;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_DeltaSeconds_IsThatLong()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfter.Of(response, new FakeTimeProvider(Now)));
    }

    [Fact]
    public void Of_HttpDate_IsTheTimeUntilThatDateOnTheTimeProvider()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.TryAddWithoutValidation("Retry-After", Now.AddSeconds(90).ToString("r"));

        Assert.Equal(TimeSpan.FromSeconds(90), RetryAfter.Of(response, new FakeTimeProvider(Now)));
    }

    [Fact]
    public void Of_DateInThePast_IsZero()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.TryAddWithoutValidation("Retry-After", Now.AddSeconds(-5).ToString("r"));

        Assert.Equal(TimeSpan.Zero, RetryAfter.Of(response, new FakeTimeProvider(Now)));
    }

    [Fact]
    public void Of_NoHeader_IsNull()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);

        Assert.Null(RetryAfter.Of(response, new FakeTimeProvider(Now)));
    }
}
