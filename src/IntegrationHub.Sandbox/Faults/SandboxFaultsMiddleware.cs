using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Sandbox.Faults;

/// <summary>
/// Applies a sandbox's <see cref="SandboxFaults"/> to every request except the admin endpoints: delay, then an outage's 503,
/// a connection reset, an injected error status, or expired tokens before the request is handled normally.
/// </summary>
internal sealed class SandboxFaultsMiddleware(RequestDelegate next, SandboxFaults faults, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/__admin", StringComparison.Ordinal) || !faults.Covers(context.Request.Path.Value ?? "/"))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var decision = faults.Decide();
        if (decision.Delay > TimeSpan.Zero)
        {
            var delay = Task.Delay(decision.Delay, time, context.RequestAborted);
            faults.DelayStarted();
            await delay.ConfigureAwait(false);
        }

        if (decision.OutageRetryAfter is { } wait)
        {
            await FailAsync(context, StatusCodes.Status503ServiceUnavailable, wait, "outage").ConfigureAwait(false);
            return;
        }

        if (decision.Reset)
        {
            context.Abort();
            return;
        }

        if (decision.ErrorStatus is { } status)
        {
            await FailAsync(context, status, faults.ErrorRetryAfter, "error").ConfigureAwait(false);
            return;
        }

        if (decision.ExpireTokens)
        {
            faults.Tokens!.ExpireAll();
        }

        await next(context).ConfigureAwait(false);
    }

    private static Task FailAsync(HttpContext context, int status, TimeSpan? retryAfter, string kind)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            // Whole seconds, rounded up, at least 1: a client that honours it is never early.
            var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($$"""{"error":"sandbox fault injection","fault":"{{kind}}","status":{{status}}}""", context.RequestAborted);
    }
}
