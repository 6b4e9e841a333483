using IntegrationHub.Connectors.Http.Resilience;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace IntegrationHub.Connectors.Http.Errors;

/// <summary>
/// Outermost handler of a connector client: an answer of 400 or more (after the pipeline's retries and the auth
/// handler's token refresh) is thrown as a typed <see cref="ConnectorException"/>, so every adapter sees failures the
/// same way. A lookup that expects 404 catches <see cref="ConnectorPermanentException"/> with <c>StatusCode == 404</c>.
/// Failures the resilience handler gave up on (timeouts, an open circuit, the limiter's refusal, connection errors)
/// become <see cref="ConnectorTransientException"/>s naming the call; the caller's cancellation stays an
/// <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class ErrorTranslationHandler(string connector, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, request, cancellationToken) is { } translated)
        {
            throw translated;
        }

        if ((int)response.StatusCode < 400)
        {
            return response;
        }

        using (response)
        {
            throw await ConnectorErrors.FromResponseAsync(connector, response, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private ConnectorTransientException? Translate(Exception exception, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = $"{connector}: {request.Method} {ConnectorRequests.PathOf(request)}";
        return exception switch
        {
            OperationCanceledException when cancellationToken.IsCancellationRequested => null,
            TimeoutRejectedException timeout =>
                new ConnectorTransientException(connector, $"{call} timed out after {timeout.Timeout.TotalSeconds:0.###} s", exception),
            BrokenCircuitException broken =>
                new ConnectorTransientException(connector, $"{call} not sent: the circuit is open after repeated failures", exception) { RetryAfter = broken.RetryAfter },
            LimiterRejectedException limited =>
                new ConnectorTransientException(connector, $"{call} not sent: too many calls are waiting for the connector's limits", exception) { RetryAfter = limited.RetryAfter },
            HttpRequestException http =>
                new ConnectorTransientException(connector, $"{call} failed: {http.HttpRequestError} ({http.Message})", exception),
            _ => null,
        };
    }
}
