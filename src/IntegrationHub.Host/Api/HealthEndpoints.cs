using IntegrationHub.Host.Api.Contracts;
using IntegrationHub.Host.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IntegrationHub.Host.Api;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (store and Kafka reachable): 200 when healthy or
/// degraded, 503 when unhealthy, each check with its status. No API key needed.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHubHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", (HttpContext http, HealthCheckService health) => CheckAsync(http, health, _ => false))
            .WithName("Live").WithSummary("The process answers.").AllowAnonymous().WithTags("Health")
            .Answers<HealthAnswer>().Answers<HealthAnswer>(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/health/ready", (HttpContext http, HealthCheckService health) => CheckAsync(http, health, c => c.Tags.Contains("ready")))
            .WithName("Ready").WithSummary("The store and Kafka are reachable.").AllowAnonymous().WithTags("Health")
            .Answers<HealthAnswer>().Answers<HealthAnswer>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> CheckAsync(HttpContext http, HealthCheckService health, Func<HealthCheckRegistration, bool> predicate)
    {
        var report = await health.CheckHealthAsync(predicate, http.RequestAborted);
        http.Response.Headers.CacheControl = "no-store, no-cache";
        var answer = new HealthAnswer(report.Status.ToString(),
            report.Entries.ToDictionary(e => e.Key, e => new HealthCheckAnswer(e.Value.Status.ToString(), e.Value.Description)));
        return Results.Json(answer, statusCode: report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }
}
