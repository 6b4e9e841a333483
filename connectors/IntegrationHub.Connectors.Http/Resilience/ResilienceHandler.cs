using System.Runtime.ExceptionServices;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace IntegrationHub.Connectors.Http.Resilience;

/// <summary>
/// Sends each request through its connector's <see cref="ConnectorPipeline"/> (Microsoft.Extensions.Http.Resilience is
/// not available here). Every attempt goes down the rest of the handler chain again; failures the pipeline gives up on
/// become <see cref="ConnectorTransientException"/>. The caller's cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class ResilienceHandler(ConnectorPipeline pipeline) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ConnectorPipeline.RequestKey, request);
        request.Options.Set(ConnectorRequests.Attempt, 0);
        try
        {
            var outcome = await pipeline.Pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    var (handler, message) = state;
                    message.Options.TryGetValue(ConnectorRequests.Attempt, out var attempt);
                    message.Options.Set(ConnectorRequests.Attempt, attempt + 1);
                    try
                    {
                        return Outcome.FromResult(await handler.SendInnerAsync(message, ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (this, request)).ConfigureAwait(false);

            if (outcome.Exception is { } exception)
            {
                throw Translate(exception, request, cancellationToken);
            }

            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private Exception Translate(Exception exception, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = $"{pipeline.Connector}: {request.Method} {ConnectorRequests.PathOf(request)}";
        switch (exception)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                ExceptionDispatchInfo.Throw(exception);
                return exception;
            case TimeoutRejectedException timeout:
                return new ConnectorTransientException(pipeline.Connector, $"{call} timed out after {timeout.Timeout.TotalSeconds:0.###} s", exception);
            case BrokenCircuitException broken:
                return new ConnectorTransientException(pipeline.Connector, $"{call} not sent: the circuit is open after repeated failures", exception)
                {
                    RetryAfter = broken.RetryAfter,
                };
            case LimiterRejectedException limited:
                return new ConnectorTransientException(pipeline.Connector, $"{call} not sent: too many calls are waiting for the connector's limits", exception)
                {
                    RetryAfter = limited.RetryAfter,
                };
            case HttpRequestException http:
                return new ConnectorTransientException(pipeline.Connector, $"{call} failed: {http.HttpRequestError} ({http.Message})", exception);
            default:
                ExceptionDispatchInfo.Throw(exception);
                return exception;
        }
    }
}
