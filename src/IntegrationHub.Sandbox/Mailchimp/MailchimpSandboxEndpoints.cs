using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IntegrationHub.Sandbox.Mailchimp;

/// <summary>
/// The Marketing API 3.0 subset under <c>/3.0</c>: ping, list members (<c>since_last_changed</c>, <c>count</c> up to 1000,
/// <c>offset</c>, <c>sort_field</c>, <c>sort_dir</c>, <c>status</c>), get, PUT upsert by subscriber hash, tags. HTTP Basic with
/// the API key as password. Validation answers like the vendor: invalid or fake address, hash mismatch, compliance state.
/// </summary>
internal static class MailchimpSandboxEndpoints
{
    private static readonly HashSet<string> WritableStatuses = ["subscribed", "unsubscribed", "pending", "transactional"];
    private static readonly HashSet<string> SortFields = ["timestamp_opt", "timestamp_signup", "last_changed"];

    public static void Map(IEndpointRouteBuilder app, MailchimpCredentials credentials, MailchimpMemberStore store)
    {
        var api = app.MapGroup("/3.0").AddEndpointFilter(async (context, next) =>
            Authorized(context.HttpContext.Request, credentials)
                ? await next(context)
                : MailchimpProblems.Problem(401, "API Key Invalid", "Your API key may be invalid, or you've attempted to access the wrong datacenter."));

        api.MapGet("/ping", () => Results.Json(new JsonObject { ["health_status"] = "Everything's Chimpy!" }));

        api.MapGet("/lists/{listId}/members", (string listId, HttpRequest request) =>
        {
            if (listId != store.ListId)
            {
                return MailchimpProblems.NotFound();
            }

            var q = request.Query;
            var count = q.ContainsKey("count") ? Int(q["count"]) : 10;
            var offset = q.ContainsKey("offset") ? Int(q["offset"]) : 0;
            if (count is null or < 0 or > 1000 || offset is null or < 0)
            {
                return MailchimpProblems.Invalid("The resource submitted could not be validated.", ("count", "count must be 0-1000 and offset 0 or more"));
            }

            IEnumerable<JsonObject> members = store.All();
            if (q.ContainsKey("since_last_changed"))
            {
                if (!DateTimeOffset.TryParse(q["since_last_changed"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
                {
                    return MailchimpProblems.Invalid("The resource submitted could not be validated.", ("since_last_changed", "not an ISO 8601 time"));
                }

                members = members.Where(m => Time(m, "last_changed") > since); // "changed after" the given time
            }

            if (q["status"].ToString() is { Length: > 0 } status)
            {
                members = members.Where(m => m["status"]?.GetValue<string>() == status);
            }

            var sortField = q["sort_field"].ToString();
            if (sortField.Length > 0 && !SortFields.Contains(sortField))
            {
                return MailchimpProblems.Invalid("The resource submitted could not be validated.", ("sort_field", "sort_field must be timestamp_opt, timestamp_signup or last_changed"));
            }

            var descending = string.Equals(q["sort_dir"], "DESC", StringComparison.OrdinalIgnoreCase);
            var field = sortField.Length > 0 ? sortField : "last_changed";
            var sorted = descending
                ? members.OrderByDescending(m => Time(m, field)).ThenByDescending(m => m["id"]!.GetValue<string>(), StringComparer.Ordinal)
                : members.OrderBy(m => Time(m, field)).ThenBy(m => m["id"]!.GetValue<string>(), StringComparer.Ordinal);
            var all = sorted.ToList();
            return Results.Json(new JsonObject
            {
                ["members"] = new JsonArray(all.Skip(offset.Value).Take(count.Value).Select(m => (JsonNode)m).ToArray()),
                ["list_id"] = store.ListId,
                ["total_items"] = all.Count,
            });
        });

        api.MapGet("/lists/{listId}/members/{hash}", (string listId, string hash) =>
            listId == store.ListId && store.Get(hash.ToLowerInvariant()) is { } member ? Results.Json(member) : MailchimpProblems.NotFound());

        api.MapPut("/lists/{listId}/members/{hash}", async (string listId, string hash, HttpRequest request) =>
        {
            if (listId != store.ListId)
            {
                return MailchimpProblems.NotFound();
            }

            if (await ReadAsync(request) is not { } body)
            {
                return MailchimpProblems.Problem(400, "JSON Parse Exception", "We encountered an unspecified JSON parsing error.");
            }

            return Upsert(store, hash.ToLowerInvariant(), body);
        });

        api.MapPost("/lists/{listId}/members/{hash}/tags", async (string listId, string hash, HttpRequest request) =>
        {
            if (listId != store.ListId)
            {
                return MailchimpProblems.NotFound();
            }

            if (await ReadAsync(request) is not { } body || body["tags"] is not JsonArray tags
                || tags.Any(t => t is not JsonObject o || Str(o, "name") is not { Length: > 0 } || Str(o, "status") is not ("active" or "inactive")))
            {
                return MailchimpProblems.Invalid("The resource submitted could not be validated.", ("tags", "tags must be [{name, status: active|inactive}]"));
            }

            var changes = tags.Select(t => (Str((JsonObject)t!, "name")!, Str((JsonObject)t!, "status") == "active"));
            return store.SetTags(hash.ToLowerInvariant(), changes) ? Results.NoContent() : MailchimpProblems.NotFound();
        });
    }

    private static IResult Upsert(MailchimpMemberStore store, string hash, JsonObject body)
    {
        var email = Str(body, "email_address");
        if (email is null || !IsEmail(email))
        {
            return MailchimpProblems.Invalid("The resource submitted could not be validated. For field-specific details, see the 'errors' array.",
                ("email_address", "Please provide a valid email address."));
        }

        if (email.EndsWith("@example.com", StringComparison.OrdinalIgnoreCase))
        {
            return MailchimpProblems.Invalid($"{email} looks fake or invalid, please enter a real email address.");
        }

        if (MailchimpMemberStore.Hash(email) != hash)
        {
            return MailchimpProblems.Invalid("The subscriber hash in the path does not match the email address in the body.");
        }

        var status = Str(body, "status");
        var statusIfNew = Str(body, "status_if_new");
        if ((status is not null && !WritableStatuses.Contains(status)) || (statusIfNew is not null && !WritableStatuses.Contains(statusIfNew)))
        {
            return MailchimpProblems.Invalid("The resource submitted could not be validated. For field-specific details, see the 'errors' array.",
                ("status", "Status must be one of subscribed, unsubscribed, pending or transactional."));
        }

        var merge = body["merge_fields"] as JsonObject;
        if (merge is not null && Str(merge, "BIRTHDAY") is { Length: > 0 } birthday
            && !DateTime.TryParseExact("2000/" + birthday, "yyyy/MM/dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return MailchimpProblems.Invalid("Your merge fields were invalid.", ("BIRTHDAY", "Please enter the month (MM) and day (DD)."));
        }

        var existing = store.Get(hash);
        if (existing is null && status is null && statusIfNew is null)
        {
            return MailchimpProblems.Invalid("The resource submitted could not be validated. For field-specific details, see the 'errors' array.",
                ("status", "Status is required for a new member (status or status_if_new)."));
        }

        if (existing is not null && status is "subscribed" or "pending" && Str(existing, "status") is "unsubscribed" or "cleaned")
        {
            return MailchimpProblems.Invalid($"{email} is already a list member in compliance state due to unsubscribe, bounce, or compliance review.");
        }

        var (member, created) = store.Upsert(hash, email, (m, isNew) =>
        {
            m["email_address"] = email;
            if (status is not null || (isNew && statusIfNew is not null))
            {
                m["status"] = status ?? statusIfNew;
            }

            if (merge is not null)
            {
                var target = m["merge_fields"] as JsonObject ?? [];
                foreach (var (name, value) in merge)
                {
                    target[name] = value?.DeepClone();
                }

                m["merge_fields"] = target.DeepClone();
            }

            foreach (var name in new[] { "language", "vip", "email_type" })
            {
                if (body[name] is { } value)
                {
                    m[name] = value.DeepClone();
                }
            }
        });
        return Results.Json(member, statusCode: 200);
    }

    private static bool Authorized(HttpRequest request, MailchimpCredentials credentials) => ApiKeyOf(request) == credentials.ApiKey;

    /// <summary>The API key of a request (HTTP Basic password; any user name), or <see langword="null"/>. Limits are per key.</summary>
    public static string? ApiKeyOf(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon >= 0 ? pair[(colon + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool IsEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == email.LastIndexOf('@') && email.IndexOf('.', at) > at + 1 && !email.EndsWith('.') && !email.Any(char.IsWhiteSpace);
    }

    private static DateTimeOffset Time(JsonObject member, string field) =>
        DateTimeOffset.TryParse(Str(member, field), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.MinValue;

    private static int? Int(string? text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string? Str(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

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
}
