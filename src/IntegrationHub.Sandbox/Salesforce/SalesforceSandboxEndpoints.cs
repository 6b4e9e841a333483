using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IntegrationHub.Sandbox.Salesforce;

/// <summary>
/// The Salesforce REST subset: the OAuth 2.0 client credentials token endpoint (login host), and on the instance host under
/// <c>/services/data/vNN.0</c>: query and query-more, sObject get by id or external id, upsert by external id (single and
/// Composite sObject Collections with <c>allOrNone</c>), and limits. Errors are Salesforce's JSON arrays
/// (<c>[{message, errorCode, fields}]</c>); an invalid session answers 401 INVALID_SESSION_ID.
/// </summary>
internal static class SalesforceSandboxEndpoints
{
    public const string DataPrefix = "/services/data";

    public static void Map(IEndpointRouteBuilder app, SalesforceCredentials credentials, SalesforceSessionIssuer sessions, SalesforceRecordStore store,
        SalesforceQueryEngine queries, Func<string> instanceUrl, Func<(int Used, int Max)> usage)
    {
        app.MapPost("/services/oauth2/token", async (HttpRequest request) =>
        {
            var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : null;
            if (form?["grant_type"].ToString() != "client_credentials")
            {
                return Results.Json(new JsonObject { ["error"] = "unsupported_grant_type", ["error_description"] = "grant type not supported" }, statusCode: 400);
            }

            var (id, secret) = ClientOf(request, form);
            if (id != credentials.ClientId || secret != credentials.ClientSecret)
            {
                return Results.Json(new JsonObject { ["error"] = "invalid_client", ["error_description"] = "invalid client credentials" }, statusCode: 400);
            }

            return Results.Json(new JsonObject
            {
                ["access_token"] = sessions.Issue(),
                ["signature"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
                ["scope"] = "api",
                ["instance_url"] = instanceUrl(),
                ["id"] = $"{instanceUrl()}/id/00DSANDBOX000001AAA/005SANDBOX000001AAA",
                ["token_type"] = "Bearer",
                ["issued_at"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            });
        });

        var data = app.MapGroup(DataPrefix + "/v{version}").AddEndpointFilter(async (context, next) =>
        {
            var auth = context.HttpContext.Request.Headers.Authorization.ToString();
            return sessions.IsValid(auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : null)
                ? await next(context)
                : Error(401, "INVALID_SESSION_ID", "Session expired or invalid");
        });

        data.MapGet("/query", (string version, HttpRequest request) =>
        {
            var soql = request.Query["q"].ToString();
            try
            {
                return Results.Json(queries.Run(soql, version, BatchSize(request)));
            }
            catch (FormatException ex)
            {
                return Error(400, "MALFORMED_QUERY", ex.Message);
            }
            catch (KeyNotFoundException ex) when (ex.Message.Split(':', 2) is [var code, var message])
            {
                return Error(400, code, message);
            }
        });

        data.MapGet("/query/{locator}", (string version, string locator, HttpRequest request) =>
            queries.More(locator, version, BatchSize(request)) is { } page ? Results.Json(page) : Error(400, "INVALID_QUERY_LOCATOR", "invalid query locator"));

        data.MapGet("/sobjects/{type}/{id}", (string type, string id) =>
            !SalesforceSchema.All.TryGetValue(type, out var schema) ? NotFound()
            : store.Get(schema.Name, id) is { } record ? Results.Json(WithAttributes(record, schema.Name)) : NotFound());

        data.MapGet("/sobjects/{type}/{field}/{value}", (string type, string field, string value) =>
        {
            if (!SalesforceSchema.All.TryGetValue(type, out var schema) || !schema.Has(field))
            {
                return NotFound();
            }

            return store.Find(schema.Name, field, value) switch
            {
                [var one] => Results.Json(WithAttributes(one, schema.Name)),
                [] => NotFound(),
                var many => Results.Json(new JsonArray(many.Select(m => (JsonNode)JsonValue.Create($"/services/data/sobjects/{schema.Name}/{m["Id"]}")!).ToArray()), statusCode: 300),
            };
        });

        data.MapPatch("/sobjects/{type}/{field}/{value}", async (string type, string field, string value, HttpRequest request) =>
        {
            if (!SalesforceSchema.All.TryGetValue(type, out var schema) || !schema.Has(field))
            {
                return NotFound();
            }

            if (await ReadAsync(request) is not JsonObject fields)
            {
                return Error(400, "JSON_PARSER_ERROR", "The request body is not a JSON object");
            }

            var saved = store.Upsert(schema, field, value, fields, out var error);
            return saved is { } s
                ? Results.Json(new JsonObject { ["id"] = s.Id, ["success"] = true, ["errors"] = new JsonArray(), ["created"] = s.Created }, statusCode: s.Created ? 201 : 200)
                : Results.Json(error!.ToErrorArray(), statusCode: 400);
        });

        data.MapPatch("/composite/sobjects/{type}/{field}", async (string type, string field, HttpRequest request) =>
        {
            if (!SalesforceSchema.All.TryGetValue(type, out var schema) || !schema.Has(field))
            {
                return NotFound();
            }

            if (await ReadAsync(request) is not JsonObject body || body["records"] is not JsonArray records)
            {
                return Error(400, "JSON_PARSER_ERROR", "The request body needs a records array");
            }

            if (records.Count > 200)
            {
                return Error(400, "EXCEEDED_ID_LIMIT", "record limit exceeded, limit is 200");
            }

            // allOrNone=true (atomic) is not emulated: each record is saved or refused on its own.
            if (body["allOrNone"] is JsonValue all && all.TryGetValue<bool>(out var atomic) && atomic)
            {
                return Error(400, "NOT_SUPPORTED", "the sandbox emulates allOrNone=false only");
            }

            var results = new JsonArray();
            foreach (var node in records)
            {
                results.Add(SaveOne(store, schema, field, node));
            }

            return Results.Json(results);
        });

        data.MapGet("/limits", () =>
        {
            var (used, max) = usage();
            return Results.Json(new JsonObject { ["DailyApiRequests"] = new JsonObject { ["Max"] = max, ["Remaining"] = max - used } });
        });
    }

    public static IResult Error(int status, string code, string message) =>
        Results.Json(new SalesforceSaveError(code, message).ToErrorArray(), statusCode: status);

    private static JsonObject SaveOne(SalesforceRecordStore store, SalesforceSchema schema, string field, JsonNode? node)
    {
        SalesforceSaveError? error;
        if (node is not JsonObject record)
        {
            error = new SalesforceSaveError("INVALID_FIELD", "each record must be a JSON object");
        }
        else if (record[field] is not JsonValue key || key.ToString() is not { Length: > 0 } value)
        {
            error = new SalesforceSaveError("MISSING_ARGUMENT", $"{field} not specified", field);
        }
        else if (store.Upsert(schema, field, value, record, out error) is { } saved)
        {
            return new JsonObject { ["id"] = saved.Id, ["success"] = true, ["errors"] = new JsonArray(), ["created"] = saved.Created };
        }

        return new JsonObject { ["success"] = false, ["errors"] = new JsonArray(error!.ToJson()) };
    }

    private static (string? Id, string? Secret) ClientOf(HttpRequest request, IFormCollection form)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } encoded)
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded)).Split(':', 2);
                return pair.Length == 2 ? (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1])) : (null, null);
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (form["client_id"].ToString(), form["client_secret"].ToString());
    }

    private static int BatchSize(HttpRequest request)
    {
        foreach (var part in request.Headers["Sforce-Query-Options"].ToString().Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("batchSize=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(part["batchSize=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                return Math.Clamp(size, 200, 2000);
            }
        }

        return 2000;
    }

    private static JsonObject WithAttributes(JsonObject record, string sobject)
    {
        var answer = new JsonObject { ["attributes"] = new JsonObject { ["type"] = sobject, ["url"] = $"/services/data/sobjects/{sobject}/{record["Id"]}" } };
        foreach (var (name, value) in record)
        {
            answer[name] = value?.DeepClone();
        }

        return answer;
    }

    private static IResult NotFound() => Error(404, "NOT_FOUND", "The requested resource does not exist");

    private static async Task<JsonNode?> ReadAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
