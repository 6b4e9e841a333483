using IntegrationHub.Connectors.Http.Resilience;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Connectors.Http.Logging;

/// <summary>
/// Logs every attempt: connector, method, path (never the query string, which can carry keys), status, duration and
/// attempt number (and records it in <see cref="Telemetry.ConnectorMetrics"/>). Headers and bodies are never logged, so
/// tokens, keys and passwords cannot reach a log line.
/// </summary>
internal sealed partial class HttpCallLoggingHandler(string connector, TimeProvider time, ILogger logger, Telemetry.ConnectorCallLog calls) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        // Inside the resilience handler, every attempt passes here once: count them on the request.
        var attempt = (request.Options.TryGetValue(ConnectorRequests.Attempt, out var n) ? n : 0) + 1;
        request.Options.Set(ConnectorRequests.Attempt, attempt);
        var path = ConnectorRequests.PathOf(request);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var level = (int)response.StatusCode >= 400 ? LogLevel.Warning : LogLevel.Debug;
            var elapsed = time.GetElapsedTime(started);
            LogCall(logger, level, connector, request.Method.Method, path, (int)response.StatusCode, elapsed.TotalMilliseconds, attempt);
            Telemetry.ConnectorMetrics.Record(connector, request.Method.Method, (int)response.StatusCode, elapsed.TotalSeconds);
            calls.Record(connector, request.Method.Method, path, (int)response.StatusCode);
            return response;
        }
        catch (Exception ex)
        {
            var elapsed = time.GetElapsedTime(started);
            LogCallFailed(logger, connector, request.Method.Method, path, ex.GetType().Name, elapsed.TotalMilliseconds, attempt);
            Telemetry.ConnectorMetrics.Record(connector, request.Method.Method, null, elapsed.TotalSeconds);
            calls.Record(connector, request.Method.Method, path, null);
            throw;
        }
    }

    [LoggerMessage(Message = "{Connector}: {Method} {Path} answered {Status} in {DurationMs:0.0} ms (attempt {Attempt})")]
    private static partial void LogCall(ILogger logger, LogLevel level, string connector, string method, string path, int status, double durationMs, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Connector}: {Method} {Path} failed with {Exception} after {DurationMs:0.0} ms (attempt {Attempt})")]
    private static partial void LogCallFailed(ILogger logger, string connector, string method, string path, string exception, double durationMs, int attempt);
}
