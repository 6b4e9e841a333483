using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IntegrationHub.Sandbox.Faults;

/// <summary>
/// <c>GET/PUT/DELETE /__admin/faults</c> (read, replace, clear the profile) and <c>POST /__admin/faults/expire-tokens</c>,
/// each requiring <see cref="SandboxFaults.AdminKeyHeader"/>. A bad profile is refused as a whole (400, every problem listed)
/// and the profile in force stays.
/// </summary>
internal static class SandboxFaultsAdminEndpoints
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static void Map(IEndpointRouteBuilder app, SandboxFaults faults)
    {
        var group = app.MapGroup("/" + SandboxFaults.AdminPath).AddEndpointFilter(async (context, next) =>
            faults.IsAdminKey(context.HttpContext.Request.Headers[SandboxFaults.AdminKeyHeader].ToString())
                ? await next(context).ConfigureAwait(false)
                : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: $"{SandboxFaults.AdminKeyHeader} is missing or wrong."));

        group.MapGet("", () => Results.Json(new { system = faults.System, profile = faults.Profile, counts = faults.Counts }, Json));

        group.MapPut("", async (HttpRequest request) =>
        {
            FaultProfile? profile;
            try
            {
                profile = await JsonSerializer.DeserializeAsync<FaultProfile>(request.Body, Json, request.HttpContext.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not a fault profile.",
                    detail: ex.Path is null ? "Invalid JSON." : $"Invalid or unknown value at {ex.Path}.");
            }

            if (profile is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not a fault profile.", detail: "JSON null.");
            }

            var errors = FaultProfileValidator.Validate(profile);
            if (errors.Count > 0)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The fault profile is invalid.",
                    extensions: new Dictionary<string, object?> { ["errors"] = errors });
            }

            faults.Apply(profile);
            return Results.Json(new { system = faults.System, profile = faults.Profile, counts = faults.Counts }, Json);
        });

        group.MapDelete("", () =>
        {
            faults.Clear();
            return Results.NoContent();
        });

        group.MapPost("/expire-tokens", () => faults.ExpireTokens()
            ? Results.NoContent()
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"The {faults.System} sandbox has no tokens to expire."));
    }
}
