using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IntegrationHub.Sandbox.Fxiaoke;

/// <summary>
/// The Fxiaoke OpenAPI subset: token, data query/create/update (AccountObj, SalesOrderObj, PaymentObj and any other object name). Answers HTTP 200 with <c>errorCode</c> like the vendor;
/// 20016 for a missing, unknown or expired token.
/// </summary>
internal static class FxiaokeSandboxEndpoints
{
    private const int TokenExpired = 20016;
    internal const int BadRequest = 10001;
    internal const int NotFound = 10002;
    private const int AuthFailed = 20014;

    public static void Map(IEndpointRouteBuilder app, FxiaokeCredentials credentials, FxiaokeTokenIssuer tokens, FxiaokeRecordStore store)
    {
        app.MapPost("/oauth2.0/token", async (HttpRequest request) =>
        {
            var body = await ReadAsync(request);
            var ok = body is not null
                && Str(body, "appId") == credentials.AppId
                && Str(body, "appSecret") == credentials.AppSecret
                && Str(body, "permanentCode") == credentials.PermanentCode
                && Str(body, "grantType") == "app_secret";
            if (!ok)
            {
                return Error(AuthFailed, "invalid app credentials");
            }

            return Results.Json(new JsonObject
            {
                ["errorCode"] = 0,
                ["errorMessage"] = "success",
                ["accessToken"] = tokens.Issue(),
                ["expiresIn"] = (int)FxiaokeTokenIssuer.Lifetime.TotalSeconds,
                ["openUserId"] = credentials.OperatorUserId,
                ["ea"] = credentials.Ea,
                ["appId"] = credentials.AppId,
            });
        });

        app.MapPost("/cgi/crm/v2/data/query", async (HttpRequest request) =>
        {
            if (Authorize(request, credentials, tokens) is { } denied)
            {
                return denied;
            }

            var data = (await ReadAsync(request))?["data"] as JsonObject;
            var api = data is null ? null : Str(data, "dataObjectApiName");
            var info = data?["search_query_info"] as JsonObject;
            if (api is null || info is null)
            {
                return Error(BadRequest, "data.dataObjectApiName and data.search_query_info are required");
            }

            var limit = (int?)info["limit"] ?? 20;
            var offset = (int?)info["offset"] ?? 0;
            if (limit is < 1 or > 100 || offset < 0 || offset % limit != 0)
            {
                return Error(BadRequest, "limit must be 1-100 and offset a multiple of limit");
            }

            var filters = new List<(string Field, List<string> Values, string Op)>();
            foreach (var filter in (info["filters"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var field = Str(filter, "field_name");
                var op = Str(filter, "operator");
                if (field is null || op is null || !FxiaokeQueryFilter.Operators.Contains(op))
                {
                    return Error(BadRequest, "each filter needs field_name and a known operator");
                }

                filters.Add((field, (filter["field_values"] as JsonArray ?? []).Select(FxiaokeQueryFilter.Text).OfType<string>().ToList(), op));
            }

            // An equality condition (the flows' lookups by external id) goes through the field's index.
            var equals = filters.FirstOrDefault(f => f.Op == "EQ" && f.Values.Count > 0) is { Field: not null } eq ? (eq.Field, eq.Values[0]) : ((string, string)?)null;
            IEnumerable<JsonObject> rows = store.Query(api, r => filters.TrueForAll(f => FxiaokeQueryFilter.Matches(r, f.Field, f.Values, f.Op)), equals);
            rows = Order(rows, info["orders"] as JsonArray);
            var all = rows.ToList();
            var page = new JsonArray(all.Skip(offset).Take(limit).Select(r => (JsonNode)r).ToArray());
            return Results.Json(new JsonObject
            {
                ["errorCode"] = 0,
                ["errorMessage"] = "OK",
                ["traceId"] = request.Query["thirdTraceId"].ToString(),
                ["data"] = new JsonObject { ["total"] = all.Count, ["dataList"] = page },
            });
        });

        app.MapPost("/cgi/crm/v2/data/create", async (HttpRequest request) =>
        {
            if (Authorize(request, credentials, tokens) is { } denied)
            {
                return denied;
            }

            var data = (await ReadAsync(request))?["data"] as JsonObject;
            if (data?["object_data"] is not JsonObject fields || Str(fields, "dataObjectApiName") is not { } api)
            {
                return Error(BadRequest, "data.object_data.dataObjectApiName is required");
            }

            if (FxiaokeRecordRules.Check(store, api, fields, creating: true) is { } invalid)
            {
                return Error(invalid.Code, invalid.Message);
            }

            var id = store.Create(api, fields, data["details"] as JsonObject);
            return Results.Json(new JsonObject { ["errorCode"] = 0, ["errorMessage"] = "OK", ["dataId"] = id, ["traceId"] = request.Query["thirdTraceId"].ToString() });
        });

        app.MapPost("/cgi/crm/v2/data/update", async (HttpRequest request) =>
        {
            if (Authorize(request, credentials, tokens) is { } denied)
            {
                return denied;
            }

            var data = (await ReadAsync(request))?["data"] as JsonObject;
            if (data?["object_data"] is not JsonObject fields || Str(fields, "dataObjectApiName") is not { } api || Str(fields, "_id") is not { } id)
            {
                return Error(BadRequest, "data.object_data needs dataObjectApiName and _id");
            }

            if (FxiaokeRecordRules.Check(store, api, fields, creating: false) is { } invalid)
            {
                return Error(invalid.Code, invalid.Message);
            }

            return store.Update(api, id, fields, data["details"] as JsonObject)
                ? Results.Json(new JsonObject { ["errorCode"] = 0, ["errorMessage"] = "OK", ["dataId"] = id, ["traceId"] = request.Query["thirdTraceId"].ToString() })
                : Error(NotFound, $"no {api} with _id {id}");
        });

    }

    private static IResult? Authorize(HttpRequest request, FxiaokeCredentials credentials, FxiaokeTokenIssuer tokens)
    {
        var auth = request.Headers.Authorization.ToString();
        var token = auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : null;
        if (!tokens.IsValid(token))
        {
            return Error(TokenExpired, "token expired or invalid");
        }

        if (request.Headers["x-fs-ea"] != credentials.Ea || string.IsNullOrEmpty(request.Headers["x-fs-userid"]))
        {
            return Error(AuthFailed, "x-fs-ea and x-fs-userid headers are required");
        }

        return string.IsNullOrEmpty(request.Query["thirdTraceId"]) ? Error(BadRequest, "thirdTraceId is required") : null;
    }

    private static IEnumerable<JsonObject> Order(IEnumerable<JsonObject> rows, JsonArray? orders)
    {
        IOrderedEnumerable<JsonObject>? sorted = null;
        foreach (var order in (orders ?? []).OfType<JsonObject>())
        {
            var field = Str(order, "fieldName") ?? "_id";
            var asc = (bool?)order["isAsc"] ?? true;
            Func<JsonObject, string> key = r => FxiaokeQueryFilter.Text(r[field])?.PadLeft(20, '0') ?? "";
            sorted = sorted is null
                ? (asc ? rows.OrderBy(key, StringComparer.Ordinal) : rows.OrderByDescending(key, StringComparer.Ordinal))
                : (asc ? sorted.ThenBy(key, StringComparer.Ordinal) : sorted.ThenByDescending(key, StringComparer.Ordinal));
        }

        return sorted ?? rows.OrderBy(r => FxiaokeQueryFilter.Text(r["create_time"]), StringComparer.Ordinal);
    }

    private static async Task<JsonObject?> ReadAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string? Str(JsonObject o, string name) => FxiaokeQueryFilter.Text(o[name]);

    private static IResult Error(int code, string message) =>
        Results.Json(new JsonObject { ["errorCode"] = code, ["errorMessage"] = message, ["errorDescription"] = message });
}
