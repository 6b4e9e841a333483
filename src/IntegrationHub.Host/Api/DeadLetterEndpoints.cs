using System.Globalization;
using Confluent.Kafka;
using IntegrationHub.Host.Api.Contracts;
using IntegrationHub.Host.Http;
using IntegrationHub.Host.Security;
using IntegrationHub.Kafka.Consuming;
using IntegrationHub.Storage;
using Microsoft.OpenApi;

namespace IntegrationHub.Host.Api;

/// <summary>
/// Dead letters as data (<see cref="IDeadLetterStore"/>): <c>GET /api/v1/dead-letters</c> (filtered, newest first, opaque
/// page tokens), <c>GET /api/v1/dead-letters/{id}</c> (the record as consumed, its history), <c>POST .../{id}/replay</c>
/// and <c>POST /api/v1/dead-letters/replay</c> (republish to the original topic for the consumer group that failed, one or
/// every match), <c>DELETE .../{id}?reason=</c> (discard: give up with a reason, the entry kept as the audit). Reading takes
/// <c>dead-letters:read</c>; replaying and discarding <c>dead-letters:write</c>, and name the caller's client id.
/// </summary>
internal static class DeadLetterEndpoints
{
    private const string Listing = "dead-letters";
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 500;
    private const int DefaultBulk = 1000;
    internal const int MaxReasonLength = 500;
    private const string QueryTitle = "The query is not valid.";
    private const string DiscardTitle = "The discard request is not valid.";

    private static readonly (string Name, string Description, JsonSchemaType Type)[] FilterParameters =
    [
        ("topic", "The topic the record was consumed from.", JsonSchemaType.String),
        ("flow", "The flow (workflow) that consumed it.", JsonSchemaType.String),
        ("reason", "Text in the failure reason (any case).", JsonSchemaType.String),
        ("status", "open, replayed, resolved or discarded.", JsonSchemaType.String),
        ("from", "Last failed at or after this instant (ISO 8601 with offset).", JsonSchemaType.String),
        ("to", "Last failed before this instant (ISO 8601 with offset).", JsonSchemaType.String),
    ];

    public static RouteGroupBuilder MapDeadLetterEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/dead-letters", async (HttpContext http, IDeadLetterStore store, PageTokens tokens, CancellationToken cancellationToken) =>
        {
            var q = http.Request.Query;
            var (filters, problems) = DeadLetterFilters.Parse(q, null, "pageSize", "pageToken");
            var pageSize = Count(q, "pageSize", DefaultPageSize, MaxPageSize, problems);
            if (filters is null || problems.Count > 0)
            {
                return Results.ValidationProblem(problems, title: QueryTitle);
            }

            var before = 0L;
            if (q["pageToken"].ToString() is { Length: > 0 } token)
            {
                if (!tokens.TryRead(token, Listing, filters.Fingerprint(), out var afterKey, out var error)
                    || !long.TryParse(afterKey, NumberStyles.None, CultureInfo.InvariantCulture, out before))
                {
                    return Problems.Invalid("pageToken", error ?? "pageToken is not a token this listing issued.", "The page token is not valid.");
                }
            }

            var rows = await store.ListAsync(filters.ToQuery(), before, pageSize + 1, cancellationToken);
            var page = rows.Take(pageSize).ToList();
            var next = rows.Count > pageSize
                ? tokens.Issue(Listing, filters.Fingerprint(), page[^1].Id.ToString(CultureInfo.InvariantCulture), default)
                : "";
            return Results.Ok(new DeadLetterPage(page.Select(DeadLetterSummary.Of), next));
        }).WithName("ListDeadLetters").RequireScope(Scopes.DeadLettersRead)
            .WithSummary("Records moved to a dead-letter topic, newest first, with why they failed and what was done.")
            .Answers<DeadLetterPage>().ProducesValidationProblem()
            .QueryParameters([.. FilterParameters,
                ("pageSize", $"Entries per page (default {DefaultPageSize}, at most {MaxPageSize}).", JsonSchemaType.Integer),
                ("pageToken", "nextPageToken of the previous page, with the same filters.", JsonSchemaType.String)]);

        api.MapGet("/dead-letters/{id:long}", async (long id, IDeadLetterStore store, CancellationToken cancellationToken) =>
            await store.GetAsync(id, cancellationToken) is { } entry ? Results.Ok(DeadLetterDetail.Of(entry)) : NotFound(id))
            .WithName("GetDeadLetter").RequireScope(Scopes.DeadLettersRead)
            .WithSummary("One dead letter: the record as consumed (key, headers, payload), its failures and its history.")
            .Answers<DeadLetterDetail>().Refuses(StatusCodes.Status404NotFound);

        api.MapPost("/dead-letters/{id:long}/replay", async (long id, HttpContext http, DeadLetterReplayer replayer, CancellationToken cancellationToken) =>
        {
            try
            {
                var result = await replayer.ReplayAsync(id, http.User.ClientId(), cancellationToken);
                return result.Entry is null ? NotFound(id)
                    : !result.Replayed ? Problems.Create(StatusCodes.Status409Conflict, "The dead letter cannot be replayed", $"Dead letter {id} is {result.Entry.Status}.")
                    : Results.Accepted($"/api/v1/dead-letters/{id}", DeadLetterDetail.Of(result.Entry));
            }
            catch (KafkaException)
            {
                return KafkaUnavailable(http, $"Kafka did not take the copy of dead letter {id}; it was not replayed.");
            }
        }).WithName("ReplayDeadLetter").RequireScope(Scopes.DeadLettersWrite)
            .WithSummary("Republishes the record to its original topic for the consumer group that failed; the entry resolves when the copy is handled.")
            .Answers<DeadLetterDetail>(StatusCodes.Status202Accepted)
            .Refuses(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable);

        api.MapPost("/dead-letters/replay", async (HttpContext http, DeadLetterReplayer replayer, CancellationToken cancellationToken) =>
        {
            var q = http.Request.Query;
            var (filters, problems) = DeadLetterFilters.Parse(q, DeadLetterStatus.Open, "max");
            var max = Count(q, "max", DefaultBulk, DeadLetterReplayer.MaxBulk, problems);
            if (filters is not null && filters.Status is not (DeadLetterStatus.Open or DeadLetterStatus.Replayed))
            {
                problems["status"] = ["Only open or replayed dead letters can be replayed."];
            }

            if (filters is null || problems.Count > 0)
            {
                return Results.ValidationProblem(problems, title: QueryTitle);
            }

            try
            {
                var result = await replayer.ReplayAsync(filters.ToQuery(), max, http.User.ClientId(), cancellationToken);
                return Results.Accepted("/api/v1/dead-letters", new DeadLetterBulkReplay(result.Replayed.Count, result.Replayed, result.More));
            }
            catch (DeadLetterReplayException ex)
            {
                return KafkaUnavailable(http, $"Kafka stopped taking copies: {ex.Replayed.Count} dead letters were replayed before that "
                    + "(now 'replayed'); the same request replays the rest.");
            }
        }).WithName("ReplayDeadLetters").RequireScope(Scopes.DeadLettersWrite)
            .WithSummary("Replays every dead letter matching the filters (status open unless given), newest first, up to max.")
            .Answers<DeadLetterBulkReplay>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .Refuses(StatusCodes.Status503ServiceUnavailable)
            .QueryParameters([.. FilterParameters,
                ("max", $"The most to replay (default {DefaultBulk}, at most {DeadLetterReplayer.MaxBulk}).", JsonSchemaType.Integer)]);

        api.MapDelete("/dead-letters/{id:long}", async (long id, HttpContext http, IDeadLetterStore store, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var q = http.Request.Query;
            if (q.Keys.FirstOrDefault(k => k != "reason") is { } unknown)
            {
                return Problems.Invalid(unknown, $"unknown parameter '{unknown}'; the parameter is reason.", DiscardTitle);
            }

            var reason = q["reason"].Count == 1 ? q["reason"].ToString().Trim() : "";
            if (reason.Length is 0 or > MaxReasonLength)
            {
                return Problems.Invalid("reason", $"reason (why the record is given up) is required once, 1 to {MaxReasonLength} characters.", DiscardTitle);
            }

            var discarded = await store.DiscardAsync(id, reason, http.User.ClientId(), time.GetUtcNow(), cancellationToken);
            var entry = await store.GetAsync(id, cancellationToken);
            return entry is null ? NotFound(id)
                : discarded ? Results.Ok(DeadLetterDetail.Of(entry))
                : Problems.Create(StatusCodes.Status409Conflict, "The dead letter cannot be discarded", $"Dead letter {id} is {entry.Status}.");
        }).WithName("DiscardDeadLetter").RequireScope(Scopes.DeadLettersWrite)
            .WithSummary("Discards the record with a reason, kept as the entry's audit (the entry itself is never deleted).")
            .Answers<DeadLetterDetail>().ProducesValidationProblem()
            .Refuses(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .QueryParameters(("reason", $"Why the record is given up (1 to {MaxReasonLength} characters), required.", JsonSchemaType.String));
        return api;
    }

    internal static int Count(IQueryCollection q, string name, int defaultValue, int max, Dictionary<string, string[]> problems)
    {
        if (q[name].ToString() is not { Length: > 0 } text)
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > max)
        {
            problems[name] = [$"{name} must be a whole number from 1 to {max}."];
            return defaultValue;
        }

        return value;
    }

    private static IResult NotFound(long id) => Problems.Create(StatusCodes.Status404NotFound, "Dead letter not found", $"No dead letter {id}.");

    private static IResult KafkaUnavailable(HttpContext http, string detail)
    {
        http.Response.Headers.RetryAfter = "5";
        return Problems.Create(StatusCodes.Status503ServiceUnavailable, "Kafka is unavailable", detail);
    }
}
