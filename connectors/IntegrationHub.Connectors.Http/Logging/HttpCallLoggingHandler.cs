using IntegrationHub.Connectors.Http.Resilience;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Connectors.Http.Logging;

/// <summary>
/// Logs every attempt: connector, method, path (never the query string, which can carry keys), status, duration and
/// attempt number. Headers and bodies are never logged, so tokens, keys and passwords cannot reach a log line.
/// </summary>
internal sealed partial class HttpCallLoggingHandler(string connector, TimeProvider time, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var attempt = request.Options.TryGetValue(ConnectorRequests.Attempt, out var n) ? n : 1;
        var path = ConnectorRequests.PathOf(request);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var level = (int)response.StatusCode >= 400 ? LogLevel.Warning : LogLevel.Debug;
            LogCall(logger, level, connector, request.Method.Method, path, (int)response.StatusCode, time.GetElapsedTime(started).TotalMilliseconds, attempt);
            return response;
        }
        catch (Exception ex)
        {
            LogCallFailed(logger, connector, request.Method.Method, path, ex.GetType().Name, time.GetElapsedTime(started).TotalMilliseconds, attempt);
            throw;
        }
    }

    [LoggerMessage(Message = "{Connector}: {Method} {Path} answered {Status} in {DurationMs:0.0} ms (attempt {Attempt})")]
    private static partial void LogCall(ILogger logger, LogLevel level, string connector, string method, string path, int status, double durationMs, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Connector}: {Method} {Path} failed with {Exception} after {DurationMs:0.0} ms (attempt {Attempt})")]
    private static partial void LogCallFailed(ILogger logger, string connector, string method, string path, string exception, double durationMs, int attempt);
}
