using System.Net;
using Polly;
using Polly.Timeout;

namespace IntegrationHub.Connectors.Http.Resilience;

/// <summary>Which outcomes of an attempt are failures for the retry and the circuit breaker.</summary>
internal static class HttpOutcomes
{
    public static bool IsTransientStatus(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>A failure of the system (not of our request, not throttling): counted by the circuit breaker.</summary>
    public static bool IsSystemFailure(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        HttpRequestException or TimeoutRejectedException => true,
        null => outcome.Result is { } response && IsTransientStatus(response.StatusCode),
        _ => false,
    };

    /// <summary>
    /// Worth another attempt: 429 for any method (the vendor did not process it) when its <c>Retry-After</c> is within
    /// <paramref name="maxRetryAfter"/>; connection failures before anything was sent for any method; 5xx, 408, other
    /// connection errors and timed-out attempts only for idempotent requests.
    /// </summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request, TimeSpan maxRetryAfter, TimeProvider time)
    {
        var idempotent = request is not null && ConnectorRequests.IsIdempotent(request);
        switch (outcome.Exception)
        {
            case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }:
                return true;
            case HttpRequestException or TimeoutRejectedException:
                return idempotent;
            case not null:
                return false;
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        // The retry waits any answer's Retry-After (the library's ShouldRetryAfterHeader): one too long is not waited for.
        if (RetryAfter.Of(response, time) is { } wait && wait > maxRetryAfter)
        {
            return false;
        }

        return response.StatusCode == HttpStatusCode.TooManyRequests || (idempotent && IsTransientStatus(response.StatusCode));
    }
}
