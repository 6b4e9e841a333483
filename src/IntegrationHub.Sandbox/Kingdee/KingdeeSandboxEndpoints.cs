using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IntegrationHub.Sandbox.Kingdee;

/// <summary>
/// The K3Cloud WebAPI subset: <c>AuthService.ValidateUser</c>, <c>DynamicFormService.ExecuteBillQuery</c>, <c>BatchSave</c>,
/// <c>Save</c>, <c>View</c>, <c>Submit</c> and <c>Audit</c> (document workflow, <see cref="KingdeeDocumentFlow"/>), all <c>POST .../Kingdee.BOS.WebApi.ServicesStub.&lt;Service&gt;.&lt;Method&gt;.common.kdsvc</c>.
/// Failures are HTTP 200 with <c>ResponseStatus.IsSuccess=false</c> like the vendor: MsgCode 1 for a missing or lost
/// session, 8 for bad parameters, 9 for an unknown field, 10 for no such data, 11 for refused models.
/// </summary>
internal static class KingdeeSandboxEndpoints
{
    public const string Prefix = "/K3Cloud/Kingdee.BOS.WebApi.ServicesStub.";
    private const string Cookie = "kdservice-sessionid";
    private const int MaxRows = 2000;

    public static void Map(IEndpointRouteBuilder app, KingdeeCredentials credentials, KingdeeSessions sessions, KingdeeStore store)
    {
        app.MapPost(Prefix + "AuthService.ValidateUser.common.kdsvc", async (HttpContext context) =>
        {
            var body = await ReadAsync(context.Request);
            var p = body?["parameters"] as JsonArray;
            var (acct, user, password) = p is { Count: >= 3 }
                ? (Text(p[0]), Text(p[1]), Text(p[2]))
                : (Text(body?["acctID"]), Text(body?["username"]), Text(body?["password"]));
            if (acct != credentials.AcctId || user != credentials.UserName || password != credentials.Password)
            {
                return Results.Json(new JsonObject { ["Message"] = "user name or password is wrong", ["LoginResultType"] = -1, ["IsSuccessByAPI"] = false });
            }

            var session = sessions.Open();
            context.Response.Headers.Append("Set-Cookie", $"{Cookie}={session}; path=/; HttpOnly");
            return Results.Json(new JsonObject
            {
                ["Message"] = null,
                ["MessageCode"] = "CheckPasswordPolicy",
                ["LoginResultType"] = 1,
                ["Context"] = new JsonObject { ["UserName"] = credentials.UserName, ["DBid"] = credentials.AcctId, ["UserLocale"] = "zh-CN" },
                ["KDSVCSessionId"] = session,
                ["IsSuccessByAPI"] = true,
            });
        });

        app.MapPost(Prefix + "DynamicFormService.ExecuteBillQuery.common.kdsvc", async (HttpContext context) =>
        {
            if (!sessions.Touch(context.Request.Cookies[Cookie]))
            {
                return Results.Json(new JsonArray(new JsonArray(Failure(1, null, "session lost, log in again"))));
            }

            var data = Data(await ReadAsync(context.Request));
            var form = KingdeeForms.Of(Text(data?["FormId"]));
            var keys = (Text(data?["FieldKeys"]) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (data is null || form is null || keys.Length == 0)
            {
                return QueryFailure(8, "data.FormId (BD_Customer or SAL_SaleOrder) and data.FieldKeys are required");
            }

            if (keys.FirstOrDefault(k => !form.Knows(k)) is { } unknown)
            {
                return QueryFailure(9, $"field {unknown} does not exist in {form.FormId}");
            }

            Func<Func<string, JsonNode?>, bool> filter;
            List<(string, bool)> order;
            try
            {
                filter = KingdeeFilter.Parse(Text(data["FilterString"]), new HashSet<string>(form.HeaderFields.Concat(form.EntryFields).Concat(keys)));
                order = ParseOrder(Text(data["OrderString"]), form);
            }
            catch (FormatException ex)
            {
                return QueryFailure(8, ex.Message);
            }

            var start = (int?)Number(data["StartRow"]) ?? 0;
            var limit = (int?)Number(data["Limit"]) ?? 0;
            if (start < 0 || limit < 0)
            {
                return QueryFailure(8, "StartRow and Limit must not be negative");
            }

            var rows = store.Query(form, keys, filter, order, start, limit is 0 or > MaxRows ? MaxRows : limit);
            return Results.Json(new JsonArray(rows.Select(r => (JsonNode)r).ToArray()));
        });

        app.MapPost(Prefix + "DynamicFormService.BatchSave.common.kdsvc", (Delegate)((HttpContext context) => SaveAsync(context, sessions, store, batch: true)));
        app.MapPost(Prefix + "DynamicFormService.Save.common.kdsvc", (Delegate)((HttpContext context) => SaveAsync(context, sessions, store, batch: false)));

        app.MapPost(Prefix + "DynamicFormService.Submit.common.kdsvc", (Delegate)((HttpContext context) => TransitionAsync(context, sessions, store, audit: false)));
        app.MapPost(Prefix + "DynamicFormService.Audit.common.kdsvc", (Delegate)((HttpContext context) => TransitionAsync(context, sessions, store, audit: true)));

        app.MapPost(Prefix + "DynamicFormService.View.common.kdsvc", async (HttpContext context) =>
        {
            if (!sessions.Touch(context.Request.Cookies[Cookie]))
            {
                return Results.Json(Failure(1, null, "session lost, log in again"));
            }

            var body = await ReadAsync(context.Request);
            var form = KingdeeForms.Of(Text(body?["formid"]));
            var data = Data(body);
            if (form is null || data is null)
            {
                return Results.Json(Failure(8, null, "formid and data are required"));
            }

            var model = store.View(form, Text(data["Number"]), (long?)Number(data["Id"]));
            return model is null
                ? Results.Json(Failure(10, null, $"the {form.FormId} document does not exist or was deleted"))
                : Results.Json(new JsonObject { ["Result"] = new JsonObject { ["ResponseStatus"] = Status(true, 0, [], []), ["Result"] = model } });
        });
    }

    private static async Task<IResult> SaveAsync(HttpContext context, KingdeeSessions sessions, KingdeeStore store, bool batch)
    {
        if (!sessions.Touch(context.Request.Cookies[Cookie]))
        {
            return Results.Json(Failure(1, null, "session lost, log in again"));
        }

        var body = await ReadAsync(context.Request);
        var form = KingdeeForms.Of(Text(body?["formid"]));
        var model = Data(body)?["Model"];
        var models = batch ? (model as JsonArray)?.OfType<JsonObject>().ToList() : model is JsonObject one ? [one] : null;
        if (form is null || models is null || models.Count == 0)
        {
            return Results.Json(Failure(8, null, batch ? "formid and data.Model (an array) are required" : "formid and data.Model are required"));
        }

        var (errors, saved) = store.Save(form, models);
        var ok = errors.Count == 0;
        var status = Status(ok, ok ? 0 : 11,
            errors.Select(e => new JsonObject { ["FieldName"] = e.Field, ["Message"] = e.Message, ["DIndex"] = e.Index }),
            saved.Select(s => new JsonObject { ["Id"] = s.Id, ["Number"] = s.Number, ["DIndex"] = s.Index }));
        var result = new JsonObject { ["ResponseStatus"] = status };
        if (!batch && saved.Count == 1)
        {
            result["Id"] = saved[0].Id;
            result["Number"] = saved[0].Number;
        }

        return Results.Json(new JsonObject { ["Result"] = result });
    }

    /// <summary><c>Submit</c> / <c>Audit</c> of <c>data.Numbers</c> (<see cref="KingdeeDocumentFlow"/>): each document applied or refused on its own.</summary>
    private static async Task<IResult> TransitionAsync(HttpContext context, KingdeeSessions sessions, KingdeeStore store, bool audit)
    {
        if (!sessions.Touch(context.Request.Cookies[Cookie]))
        {
            return Results.Json(Failure(1, null, "session lost, log in again"));
        }

        var body = await ReadAsync(context.Request);
        var form = KingdeeForms.Of(Text(body?["formid"]));
        var numbers = (Data(body)?["Numbers"] as JsonArray)?.Select(n => Text(n)).ToList();
        if (form is null || numbers is null || numbers.Count == 0 || numbers.Any(string.IsNullOrEmpty))
        {
            return Results.Json(Failure(8, null, "formid and data.Numbers (document numbers) are required"));
        }

        var errors = new List<JsonObject>();
        var done = new List<JsonObject>();
        for (var i = 0; i < numbers.Count; i++)
        {
            var (id, error) = KingdeeDocumentFlow.Apply(store, form, numbers[i]!, audit);
            if (error is null)
            {
                done.Add(new JsonObject { ["Id"] = id, ["Number"] = numbers[i], ["DIndex"] = i });
            }
            else
            {
                errors.Add(new JsonObject { ["FieldName"] = null, ["Message"] = error, ["DIndex"] = i });
            }
        }

        return Results.Json(new JsonObject { ["Result"] = new JsonObject { ["ResponseStatus"] = Status(errors.Count == 0, errors.Count == 0 ? 0 : 11, errors, done) } });
    }

    private static List<(string, bool)> ParseOrder(string? text, KingdeeForms form)
    {
        var order = new List<(string, bool)>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 2 || !form.Knows(words[0]) || (words.Length == 2 && words[1].ToUpperInvariant() is not ("ASC" or "DESC")))
            {
                throw new FormatException($"OrderString '{part}' is not 'FieldKey [ASC|DESC]' of a known field");
            }

            order.Add((words[0], words.Length == 1 || words[1].Equals("ASC", StringComparison.OrdinalIgnoreCase)));
        }

        order.Add((form.IdKey, true)); // a stable order for StartRow windows
        return order;
    }

    private static IResult QueryFailure(int msgCode, string message) => Results.Json(new JsonArray(new JsonArray(Failure(msgCode, null, message))));

    private static JsonObject Failure(int msgCode, string? field, string message) => new()
    {
        ["Result"] = new JsonObject { ["ResponseStatus"] = Status(false, msgCode, [new JsonObject { ["FieldName"] = field, ["Message"] = message, ["DIndex"] = 0 }], []) },
    };

    private static JsonObject Status(bool ok, int msgCode, IEnumerable<JsonObject> errors, IEnumerable<JsonObject> saved) => new()
    {
        ["ErrorCode"] = ok ? 0 : 500,
        ["IsSuccess"] = ok,
        ["Errors"] = new JsonArray(errors.Select(e => (JsonNode)e).ToArray()),
        ["SuccessEntitys"] = new JsonArray(saved.Select(s => (JsonNode)s).ToArray()),
        ["SuccessMessages"] = new JsonArray(),
        ["MsgCode"] = msgCode,
    };

    /// <summary><c>data</c> as an object, or as a JSON string holding one (older clients send it that way).</summary>
    private static JsonObject? Data(JsonObject? body) => body?["data"] switch
    {
        JsonObject o => o,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Parse(v.GetValue<string>()),
        _ => null,
    };

    private static JsonObject? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<JsonObject?> ReadAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) => KingdeeFilter.Text(node);

    private static decimal? Number(JsonNode? node) =>
        decimal.TryParse(Text(node), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
}
