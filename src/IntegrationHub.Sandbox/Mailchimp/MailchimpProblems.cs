using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Sandbox.Mailchimp;

/// <summary>Mailchimp's error answers: <c>application/problem+json</c> with <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>, <c>instance</c>, <c>errors</c>.</summary>
internal static class MailchimpProblems
{
    private const string Docs = "https://mailchimp.com/developer/marketing/docs/errors/";

    public static IResult Problem(int status, string title, string detail, params (string Field, string Message)[] errors)
    {
        var body = new JsonObject
        {
            ["type"] = Docs,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["instance"] = Guid.NewGuid().ToString(),
        };
        if (errors.Length > 0)
        {
            body["errors"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject { ["field"] = e.Field, ["message"] = e.Message }).ToArray());
        }

        return Results.Json(body, contentType: "application/problem+json", statusCode: status);
    }

    public static IResult NotFound() => Problem(404, "Resource Not Found", "The requested resource could not be found.");

    public static IResult Invalid(string detail, params (string Field, string Message)[] errors) => Problem(400, "Invalid Resource", detail, errors);

    public static Task WriteTooManyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = "1";
        context.Response.ContentType = "application/problem+json";
        return context.Response.WriteAsync(new JsonObject
        {
            ["type"] = Docs,
            ["title"] = "Too Many Requests",
            ["status"] = 429,
            ["detail"] = "You have exceeded the limit of simultaneous connections for this API key.",
            ["instance"] = Guid.NewGuid().ToString(),
        }.ToJsonString(), cancellationToken);
    }
}
