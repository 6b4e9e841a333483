using System.Diagnostics;
using IntegrationHub.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace IntegrationHub.Host.Http;

/// <summary>
/// The last answer for anything an endpoint did not handle. Kestrel's own refusals (body over its limit, body too slow,
/// malformed request) keep their status (413, 408, 400) as problem+json; a client that went away gets nothing; a store that
/// cannot answer for now is a 503 with Retry-After (<see cref="IStoreOutage"/>); anything else is a 500 with a generic message and the correlation id, never the exception's text (that goes to the log).
/// </summary>
internal sealed partial class HubExceptionHandler(IProblemDetailsService problems, IStoreOutage outage, ILogger<HubExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>When a client should try again after a 503 for a store outage.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            LogClientGone(logger, context.Request.Method, context.Request.Path);
            return true;
        }

        var correlationId = Activity.Current?.Id ?? context.TraceIdentifier;
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, "Body too large", "The request body exceeds the server's limit."),
            BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } =>
                (StatusCodes.Status408RequestTimeout, "Request timed out", "The request body arrived too slowly."),
            BadHttpRequestException bad =>
                (bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest, "Bad request", "The request could not be read."),
            _ when outage.Is(exception) =>
                (StatusCodes.Status503ServiceUnavailable, "Store unavailable", $"The hub's store is not answering; nothing was changed. Retry later (correlation id {correlationId})."),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", $"The hub could not complete the request; quote correlation id {correlationId} to the operator."),
        };

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            LogStoreUnavailable(logger, context.Request.Method, context.Request.Path, exception.GetType().Name, correlationId);
        }
        else if (status >= 500)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path, correlationId);
        }
        else
        {
            LogRefused(logger, context.Request.Method, context.Request.Path, status, exception.Message);
        }

        if (context.Response.HasStarted)
        {
            return true;
        }

        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path} (correlation id {CorrelationId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path, string correlationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store unavailable on {Method} {Path} ({ExceptionType}); answered 503 (correlation id {CorrelationId})")]
    private static partial void LogStoreUnavailable(ILogger logger, string method, PathString path, string exceptionType, string correlationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Method} {Path} with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, PathString path, int status, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Client went away during {Method} {Path}")]
    private static partial void LogClientGone(ILogger logger, string method, PathString path);
}
