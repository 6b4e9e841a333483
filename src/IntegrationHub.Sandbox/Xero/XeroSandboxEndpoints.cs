using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IntegrationHub.Sandbox.Xero;

/// <summary>
/// The Xero subset: <c>POST /connect/token</c> (client credentials, Basic client authentication) and under <c>/api.xro/2.0</c>
/// (Bearer token and <c>xero-tenant-id</c> required): <c>GET Invoices</c> (<c>where</c> on Type, <c>If-Modified-Since</c>,
/// <c>InvoiceNumbers</c>, <c>order</c>, <c>page</c> of 100 with <c>pagination</c>), <c>GET Invoices/{id or number}</c>,
/// <c>POST Invoices</c> (<c>summarizeErrors</c>, <c>Idempotency-Key</c> replays), the contacts (<see cref="XeroContactEndpoints"/>),
/// the payments (<see cref="XeroPaymentEndpoints"/>) and <c>GET Organisation</c>.
/// </summary>
internal static partial class XeroSandboxEndpoints
{
    public const string Api = "/api.xro/2.0";
    private const int PageSize = 100;

    public static void Map(IEndpointRouteBuilder app, XeroCredentials credentials, XeroTokenIssuer tokens, XeroInvoiceStore store, XeroContactStore contacts,
        XeroPaymentStore payments, TimeProvider time)
    {
        app.MapPost("/connect/token", async (HttpRequest request) =>
        {
            var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : null;
            var (id, secret) = Client(request, form);
            if (id != credentials.ClientId || secret != credentials.ClientSecret)
            {
                return Results.Json(new JsonObject { ["error"] = "invalid_client" }, statusCode: 400);
            }

            if (form?["grant_type"].ToString() != "client_credentials")
            {
                return Results.Json(new JsonObject { ["error"] = "unsupported_grant_type" }, statusCode: 400);
            }

            return Results.Json(new JsonObject
            {
                ["access_token"] = tokens.Issue(),
                ["expires_in"] = (int)XeroTokenIssuer.Lifetime.TotalSeconds,
                ["token_type"] = "Bearer",
                ["scope"] = form["scope"].ToString(),
            });
        });

        var api = app.MapGroup(Api).AddEndpointFilter(async (context, next) =>
            Authorize(context.HttpContext.Request, credentials, tokens) ?? await next(context));

        api.MapGet("/Organisation", () => Results.Json(Envelope(time, "Organisations", new JsonArray(new JsonObject
        {
            ["OrganisationID"] = credentials.TenantId,
            ["Name"] = "IntegrationHub Sandbox Ltd",
            ["BaseCurrency"] = "NZD",
            ["CountryCode"] = "NZ",
        }))));

        api.MapGet("/Invoices", (HttpRequest request) =>
        {
            string? type = null;
            if (request.Query["where"].ToString() is { Length: > 0 } where)
            {
                if (WhereType().Match(where) is not { Success: true } m)
                {
                    return Validation(time, $"The where clause '{where}' is not supported by the sandbox (Type==\"ACCREC\" or Type==\"ACCPAY\")");
                }

                type = m.Groups["type"].Value;
            }

            if (!ModifiedSince(request, out var since))
            {
                return Validation(time, $"If-Modified-Since '{request.Headers.IfModifiedSince}' is not a date");
            }

            var numbers = request.Query["InvoiceNumbers"].ToString() is { Length: > 0 } n ? n.Split(',').ToHashSet(StringComparer.Ordinal) : null;
            var (orderBy, descending) = Order(request.Query["order"].ToString());
            if (orderBy is null)
            {
                return Validation(time, $"order '{request.Query["order"]}' is not supported by the sandbox (UpdatedDateUTC, InvoiceNumber, Date [ASC|DESC])");
            }

            var all = store.List(type, since, numbers, orderBy, descending);
            return Paged(request, time, "Invoices", all);
        });

        api.MapGet("/Invoices/{id}", (string id) => store.Get(id) is { } invoice
            ? Results.Json(Envelope(time, "Invoices", new JsonArray(invoice)))
            : NotFound());

        MapBatchPost(api, "Invoices", single: body => body.ContainsKey("Type"), (items, allOrNothing) => store.Save(items, allOrNothing), time);
        XeroContactEndpoints.Map(api, contacts, time);
        XeroPaymentEndpoints.Map(api, payments, time);
    }

    /// <summary>
    /// <c>POST /{collection}</c> as Xero answers it: one item or <c>{"Collection": [...]}</c>; <c>summarizeErrors=false</c> answers
    /// every item with its <c>StatusAttributeString</c> and <c>ValidationErrors</c>, otherwise one failure refuses the whole
    /// batch (400 ValidationException with the failed items); an <c>Idempotency-Key</c> (at most 128 characters) seen before
    /// answers the first answer again without saving.
    /// </summary>
    internal static void MapBatchPost(RouteGroupBuilder api, string collection, Func<JsonObject, bool> single,
        Func<IReadOnlyList<JsonObject>, bool, List<(JsonObject Answer, bool Ok)>> save, TimeProvider time)
    {
        var replays = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        api.MapPost("/" + collection, async (HttpRequest request) =>
        {
            var key = request.Headers["Idempotency-Key"].ToString();
            if (key.Length > 128)
            {
                return Validation(time, "Idempotency-Key must be at most 128 characters");
            }

            if (key.Length > 0 && replays.TryGetValue(key, out var replay))
            {
                return Results.Text(replay, "application/json", Encoding.UTF8, 200);
            }

            JsonObject? body;
            try
            {
                body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
            }
            catch (JsonException)
            {
                body = null;
            }

            var items = body?[collection] is JsonArray list ? list.OfType<JsonObject>().ToList() : body is not null && single(body) ? [body] : null;
            if (items is null || items.Count == 0)
            {
                return Validation(time, $"The request body must be one item or {{\"{collection}\": [...]}}");
            }

            var summarize = !string.Equals(request.Query["summarizeErrors"], "false", StringComparison.OrdinalIgnoreCase);
            var answers = save(items, summarize);
            if (summarize && answers.Any(a => !a.Ok))
            {
                return Results.Json(new JsonObject
                {
                    ["ErrorNumber"] = 10,
                    ["Type"] = "ValidationException",
                    ["Message"] = "A validation exception occurred",
                    ["Elements"] = new JsonArray(answers.Where(a => !a.Ok).Select(a => (JsonNode)a.Answer).ToArray()),
                }, statusCode: 400);
            }

            var json = Envelope(time, collection, new JsonArray(answers.Select(a => (JsonNode)a.Answer).ToArray())).ToJsonString();
            if (key.Length > 0)
            {
                replays.TryAdd(key, json);
            }

            return Results.Text(json, "application/json", Encoding.UTF8, 200);
        });
    }

    /// <summary>The <c>If-Modified-Since</c> header as Unix ms (null when absent); false when it is not a date.</summary>
    internal static bool ModifiedSince(HttpRequest request, out long? since)
    {
        since = null;
        if (request.Headers.IfModifiedSince.ToString() is not { Length: > 0 } header)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(header, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return false;
        }

        since = at.ToUnixTimeMilliseconds();
        return true;
    }

    /// <summary>Every item, or with <c>page</c> (from 1) that page of 100 with Xero's <c>pagination</c> block.</summary>
    internal static IResult Paged(HttpRequest request, TimeProvider time, string collection, List<JsonObject> all)
    {
        if (request.Query["page"].ToString() is not { Length: > 0 } pageText)
        {
            return Results.Json(Envelope(time, collection, new JsonArray(all.Select(i => (JsonNode)i).ToArray())));
        }

        if (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out var page) || page < 1)
        {
            return Validation(time, "page must be a whole number from 1");
        }

        var envelope = Envelope(time, collection, new JsonArray(all.Skip((page - 1) * PageSize).Take(PageSize).Select(i => (JsonNode)i).ToArray()));
        envelope["pagination"] = new JsonObject
        {
            ["page"] = page,
            ["pageSize"] = PageSize,
            ["pageCount"] = (all.Count + PageSize - 1) / PageSize,
            ["itemCount"] = all.Count,
        };
        return Results.Json(envelope);
    }

    internal static IResult NotFound() => Results.Text("The resource you're looking for cannot be found", "text/plain", statusCode: 404);

    private static IResult? Authorize(HttpRequest request, XeroCredentials credentials, XeroTokenIssuer tokens)
    {
        var auth = request.Headers.Authorization.ToString();
        if (!tokens.IsValid(auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : null))
        {
            return Results.Json(Problem("Unauthorized", 401, "AuthenticationUnsuccessful"), statusCode: 401);
        }

        return request.Headers["xero-tenant-id"].ToString() == credentials.TenantId
            ? null
            : Results.Json(Problem("Forbidden", 403, "AuthenticationUnsuccessful"), statusCode: 403);
    }

    private static (string? Id, string? Secret) Client(HttpRequest request, IFormCollection? form)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header) && header.Scheme == "Basic" && header.Parameter is { } value)
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(value)).Split(':', 2);
                return pair.Length == 2 ? (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1])) : (null, null);
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (form?["client_id"].ToString(), form?["client_secret"].ToString());
    }

    private static (Func<JsonObject, long, IComparable>? By, bool Descending) Order(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var descending = words.Length == 2 && words[1].Equals("DESC", StringComparison.OrdinalIgnoreCase);
        Func<JsonObject, long, IComparable>? by = (words.FirstOrDefault() ?? "UpdatedDateUTC") switch
        {
            "UpdatedDateUTC" => (_, ms) => ms,
            "InvoiceNumber" => (i, _) => XeroInvoiceStore.Text(i["InvoiceNumber"]) ?? "",
            "Date" => (i, _) => XeroInvoiceStore.Text(i["DateString"]) ?? "",
            _ => null,
        };
        return words.Length > 2 || (words.Length == 2 && !descending && !words[1].Equals("ASC", StringComparison.OrdinalIgnoreCase)) ? (null, false) : (by, descending);
    }

    internal static JsonObject Envelope(TimeProvider time, string name, JsonArray items) => new()
    {
        ["Id"] = Guid.NewGuid().ToString(),
        ["Status"] = "OK",
        ["ProviderName"] = "IntegrationHub sandbox",
        ["DateTimeUTC"] = $"/Date({time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)})/",
        [name] = items,
    };

    internal static IResult Validation(TimeProvider time, string message) => Results.Json(new JsonObject
    {
        ["ErrorNumber"] = 10,
        ["Type"] = "ValidationException",
        ["Message"] = message,
        ["Elements"] = new JsonArray(),
        ["DateTimeUTC"] = $"/Date({time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)})/",
    }, statusCode: 400);

    private static JsonObject Problem(string title, int status, string detail) => new()
    {
        ["Type"] = null,
        ["Title"] = title,
        ["Status"] = status,
        ["Detail"] = detail,
        ["Instance"] = Guid.NewGuid().ToString(),
    };

    [GeneratedRegex("^\\s*Type\\s*==\\s*\"(?<type>ACCREC|ACCPAY)\"\\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex WhereType();
}
