using System.Globalization;
using IntegrationHub.Host.Api.Contracts;
using IntegrationHub.Host.Http;
using IntegrationHub.Host.Security;
using IntegrationHub.Host.Workflows;
using IntegrationHub.Storage;
using Microsoft.OpenApi;

namespace IntegrationHub.Host.Api;

/// <summary>
/// Records flows refused as invalid, with every reason: <c>GET /api/v1/quarantine</c> and <c>/{id}</c> (workflows:read);
/// <c>POST .../{id}/replay</c> and <c>POST /api/v1/quarantine/replay</c> (through the flow that refused them again,
/// <see cref="QuarantineReplayer"/>) and <c>DELETE .../{id}?reason=</c> (give up with a reason, kept as the audit), which
/// take quarantine:write and name the caller's client id.
/// </summary>
internal static class QuarantineEndpoints
{
    private const string Listing = "quarantine";
    private const int DefaultLimit = 100;
    private const int MaxLimit = 500;
    private static readonly string[] ReplayFilters = ["flow", "entity", "reason", "externalId", "from", "to"];
    private static readonly string[] ListFilters = [.. ReplayFilters, "status", "includeReleased"];

    private static readonly (string Name, string Description, JsonSchemaType Type)[] FilterParameters =
    [
        ("flow", "The flow that refused them.", JsonSchemaType.String),
        ("entity", "The canonical entity (customer, order, payment, ...).", JsonSchemaType.String),
        ("reason", "Text in a refused field's name or its reason (any case).", JsonSchemaType.String),
        ("externalId", "The source record's id in its system.", JsonSchemaType.String),
        ("from", "Last refused at or after this instant (ISO 8601 with offset).", JsonSchemaType.String),
        ("to", "Last refused before this instant (ISO 8601 with offset).", JsonSchemaType.String),
    ];
    private const string QueryTitle = "The query is not valid.";
    private const string DiscardTitle = "The discard request is not valid.";

    public static RouteGroupBuilder MapQuarantineEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/quarantine", async (HttpContext http, IQuarantineStore store, PageTokens tokens, CancellationToken cancellationToken) =>
        {
            var q = http.Request.Query;
            var (filters, problems) = QuarantineFilters.Parse(q, ListFilters, "limit", "pageToken");
            var limit = DeadLetterEndpoints.Count(q, "limit", DefaultLimit, MaxLimit, problems);
            if (filters is null || problems.Count > 0)
            {
                return Results.ValidationProblem(problems, title: QueryTitle);
            }

            QuarantinePosition? after = null;
            if (q["pageToken"].ToString() is { Length: > 0 } token)
            {
                if (!tokens.TryRead(token, Listing, filters.Fingerprint(), out var key, out var error) || ReadPosition(key) is not { } position)
                {
                    return Problems.Invalid("pageToken", error ?? "pageToken is not a token this listing issued.", "The page token is not valid.");
                }

                after = position;
            }

            var rows = await store.ListAsync(filters.ToQuery(limit + 1, after), cancellationToken);
            var page = rows.Take(limit).ToList();
            var next = rows.Count > limit ? tokens.Issue(Listing, filters.Fingerprint(), WritePosition(QuarantinePosition.Of(page[^1])), default) : "";
            return Results.Ok(new QuarantineList(page.Select(QuarantineView.Of), next));
        }).WithName("ListQuarantine").RequireScope(Scopes.WorkflowsRead)
            .WithSummary("Records flows refused as invalid (or a target refused), newest refusal first, with every reason; open ones unless a status is given.")
            .Answers<QuarantineList>().ProducesValidationProblem()
            .QueryParameters([.. FilterParameters,
                ("status", "open (default), released, discarded or any.", JsonSchemaType.String),
                ("includeReleased", "true: any status (the older spelling of status=any).", JsonSchemaType.Boolean),
                ("limit", $"Entries per page (default {DefaultLimit}, at most {MaxLimit}).", JsonSchemaType.Integer),
                ("pageToken", "nextPageToken of the previous page, with the same filters.", JsonSchemaType.String)]);

        api.MapGet("/quarantine/{id:long}", async (long id, IQuarantineStore store, CancellationToken cancellationToken) =>
            await store.GetAsync(id, cancellationToken) is { } entry ? Results.Ok(QuarantineView.Of(entry)) : NotFound(id))
            .WithName("GetQuarantinedRecord").RequireScope(Scopes.WorkflowsRead)
            .WithSummary("One quarantined record: its reasons, the record as refused, its replays and any discard.")
            .Answers<QuarantineView>().Refuses(StatusCodes.Status404NotFound);

        api.MapPost("/quarantine/{id:long}/replay", async (long id, IQuarantineStore store, QuarantineReplayer replayer, CancellationToken cancellationToken) =>
        {
            if (await store.GetAsync(id, cancellationToken) is not { } entry)
            {
                return NotFound(id);
            }

            if (replayer.Refusal(entry) is { } refusal)
            {
                return Problems.Create(StatusCodes.Status409Conflict, "The record cannot be replayed", refusal);
            }

            return Answer(await replayer.ReplayAsync([entry], cancellationToken), []);
        }).WithName("ReplayQuarantinedRecord").RequireScope(Scopes.QuarantineWrite)
            .WithSummary("Runs the record through the flow that refused it again: released when it passes, refused again with new reasons when not. 200 when the run ended within the wait, 202 while it runs.")
            .Answers<QuarantineReplayAnswer>().Answers<QuarantineReplayAnswer>(StatusCodes.Status202Accepted)
            .Refuses(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        api.MapPost("/quarantine/replay", async (HttpContext http, IQuarantineStore store, QuarantineReplayer replayer, CancellationToken cancellationToken) =>
        {
            var q = http.Request.Query;
            var (filters, problems) = QuarantineFilters.Parse(q, ReplayFilters, "max");
            var max = DeadLetterEndpoints.Count(q, "max", QuarantineReplayer.MaxBulk, QuarantineReplayer.MaxBulk, problems);
            if (filters is null || problems.Count > 0)
            {
                return Results.ValidationProblem(problems, title: QueryTitle);
            }

            var open = await store.ListAsync(filters.ToQuery(max), cancellationToken);
            var refused = open.Select(e => (e.Id, Reason: replayer.Refusal(e))).Where(r => r.Reason is not null).Select(r => new QuarantineRefusal(r.Id, r.Reason!)).ToList();
            var replay = await replayer.ReplayAsync([.. open.Where(e => refused.All(r => r.Id != e.Id))], cancellationToken);
            return Answer(replay, refused);
        }).WithName("ReplayQuarantine").RequireScope(Scopes.QuarantineWrite)
            .WithSummary($"Replays every open entry matching the filters (newest first, at most max, default {QuarantineReplayer.MaxBulk}), one run per flow; entries whose flow cannot take them back are listed with the reason.")
            .Answers<QuarantineReplayAnswer>().Answers<QuarantineReplayAnswer>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .QueryParameters([.. FilterParameters,
                ("max", $"Entries to replay at most (1 to {QuarantineReplayer.MaxBulk}).", JsonSchemaType.Integer)]);

        api.MapDelete("/quarantine/{id:long}", async (long id, HttpContext http, IQuarantineStore store, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var q = http.Request.Query;
            if (q.Keys.FirstOrDefault(k => k != "reason") is { } unknown)
            {
                return Problems.Invalid(unknown, $"unknown parameter '{unknown}'; the parameter is reason.", DiscardTitle);
            }

            var reason = q["reason"].Count == 1 ? q["reason"].ToString().Trim() : "";
            if (reason.Length is 0 or > DeadLetterEndpoints.MaxReasonLength)
            {
                return Problems.Invalid("reason", $"reason (why the record is given up) is required once, 1 to {DeadLetterEndpoints.MaxReasonLength} characters.", DiscardTitle);
            }

            var discarded = await store.DiscardAsync(id, reason, http.User.ClientId(), time.GetUtcNow(), cancellationToken);
            var entry = await store.GetAsync(id, cancellationToken);
            return entry is null ? NotFound(id)
                : discarded ? Results.Ok(QuarantineView.Of(entry))
                : Problems.Create(StatusCodes.Status409Conflict, "The record cannot be discarded", $"Quarantine entry {id} is {entry.Status.ToString().ToLowerInvariant()}.");
        }).WithName("DiscardQuarantinedRecord").RequireScope(Scopes.QuarantineWrite)
            .WithSummary("Gives the record up with a reason, kept as the entry's audit (never deleted); a newer version refused later opens it again.")
            .Answers<QuarantineView>().ProducesValidationProblem()
            .Refuses(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .QueryParameters(("reason", $"Why the record is given up (1 to {DeadLetterEndpoints.MaxReasonLength} characters), required.", JsonSchemaType.String));
        return api;
    }

    private static IResult Answer(QuarantineReplay replay, IReadOnlyList<QuarantineRefusal> refused)
    {
        var answer = new QuarantineReplayAnswer([.. replay.Runs.Select(QuarantineReplayRunView.Of)], refused);
        return replay.Runs.Any(r => r.Status == "Running") ? Results.Accepted(value: answer) : Results.Ok(answer);
    }

    // A page position as the token's key: the last entry's last-seen ticks (UTC) and id.
    private static string WritePosition(QuarantinePosition p) => string.Create(CultureInfo.InvariantCulture, $"{p.LastSeen.UtcTicks}:{p.Id}");

    private static QuarantinePosition? ReadPosition(string? key) =>
        key?.Split(':') is [var ticks, var id]
        && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t is > 0 and <= 3155378975999999999
        && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? new QuarantinePosition(new DateTimeOffset(t, TimeSpan.Zero), i) : null;

    private static IResult NotFound(long id) => Problems.Create(StatusCodes.Status404NotFound, "Quarantined record not found", $"No quarantine entry {id}.");
}
