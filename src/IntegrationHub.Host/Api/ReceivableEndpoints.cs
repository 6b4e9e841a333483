using Microsoft.OpenApi;
using IntegrationHub.Host.Api.Contracts;
using IntegrationHub.Host.Http;
using IntegrationHub.Host.Receivables;
using IntegrationHub.Host.Security;
using IntegrationHub.Storage;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Api;

/// <summary>
/// The finance API: <c>GET /api/v1/receivables</c> (filtered, paged in update-sequence order with opaque
/// <c>pageToken</c>/<c>nextPageToken</c>), <c>GET /api/v1/receivables.csv</c> (the same filters, streamed) and
/// <c>GET /api/v1/receivables/aging</c> (buckets per customer and totals per currency). Scope <c>receivables:read</c>.
/// </summary>
internal static class ReceivableEndpoints
{
    private const string Listing = "receivables";

    private static readonly (string Name, string Description, JsonSchemaType Type)[] FilterParameters =
    [
        ("customer", "Hub id of the customer.", JsonSchemaType.String),
        ("status", "draft, submitted, open, paid, void or deleted.", JsonSchemaType.String),
        ("bucket", "Aging bucket as of today: current, 1-30, 31-60, 61-90, 90+.", JsonSchemaType.String),
        ("currency", "ISO 4217 code.", JsonSchemaType.String),
        ("dueBefore", "Due before this date (yyyy-MM-dd, exclusive).", JsonSchemaType.String),
        ("updatedSince", "Changed in the finance system at or after this instant (ISO 8601 with offset).", JsonSchemaType.String),
    ];

    public static RouteGroupBuilder MapReceivableEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/receivables", async (HttpContext http, IReceivableStore store, PageTokens tokens, IOptions<FinanceOptions> options, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var q = http.Request.Query;
            var (filters, problems) = Parse(q, "pageSize", "pageToken");
            var o = options.Value;
            var pageSize = PageSizes.Read(q, o, problems);

            if (filters is null || problems.Count > 0)
            {
                return Results.ValidationProblem(problems, title: "The query is not valid.");
            }

            var after = 0L;
            var asOf = ReceivableAging.Today(time, o.Zone);
            if (q["pageToken"].ToString() is { Length: > 0 } token && !tokens.TryRead(token, Listing, filters.Fingerprint(), out after, out asOf, out var error))
            {
                return Problems.Invalid("pageToken", error!, "The page token is not valid.");
            }

            var rows = await store.ListAsync(filters.ToQuery(asOf), after, pageSize + 1, cancellationToken);
            var page = rows.Take(pageSize).ToList();
            return Results.Ok(new ReceivablePage(asOf, page.Select(r => ReceivableView.Of(r, asOf)),
                rows.Count > pageSize ? tokens.Issue(Listing, filters.Fingerprint(), page[^1].Sequence, asOf) : ""));
        }).WithName("ListReceivables").RequireScope(Scopes.ReceivablesRead)
            .WithSummary("Receivables, filtered, in update-sequence pages (no gaps, no duplicates while they change).")
            .Answers<ReceivablePage>().ProducesValidationProblem()
            .QueryParameters([.. FilterParameters,
            ("pageSize", "Items per page (default 100, capped at 1000).", JsonSchemaType.Integer),
            ("pageToken", "nextPageToken of the previous page, with the same filters.", JsonSchemaType.String)]);

        api.MapGet("/receivables.csv", async (HttpContext http, IReceivableStore store, IOptions<FinanceOptions> options, TimeProvider time) =>
        {
            var (filters, problems) = Parse(http.Request.Query);
            if (filters is null)
            {
                await Results.ValidationProblem(problems, title: "The query is not valid.").ExecuteAsync(http);
                return;
            }

            var asOf = ReceivableAging.Today(time, options.Value.Zone);
            await ReceivablesCsv.WriteAsync(http.Response, store.StreamAsync(filters.ToQuery(asOf), http.RequestAborted), asOf, http.RequestAborted);
        }).WithName("ExportReceivablesCsv").RequireScope(Scopes.ReceivablesRead)
            .WithSummary("The same receivables as RFC 4180 CSV (UTF-8, header row), streamed.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesValidationProblem()
            .QueryParameters(FilterParameters)
            .WithRequestTimeout(AbuseLimits.ExportPolicy); // a large export to a slow client outlasts Hub:Limits:RequestTimeout

        api.MapGet("/receivables/aging", async (string? asOf, string? currency, string? customer, IReceivableStore store, IOptions<FinanceOptions> options, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var (filters, problems) = ReceivableFilters.Parse(customer, null, null, currency, null, null);
            var day = ReceivableAging.Today(time, options.Value.Zone);
            if (asOf is not null && !DateOnly.TryParseExact(asOf, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day))
            {
                problems["asOf"] = ["asOf must be a date yyyy-MM-dd."];
            }

            if (filters is null || problems.Count > 0)
            {
                return Results.ValidationProblem(problems, title: "The query is not valid.");
            }

            var query = filters.ToQuery(day) with { AgedOnly = true, IssuedOnOrBefore = day };
            return Results.Ok(await ReceivableAgingReport.BuildAsync(store.StreamAsync(query, cancellationToken), day, cancellationToken));
        }).WithName("ReceivablesAging").RequireScope(Scopes.ReceivablesRead)
            .WithSummary("Aging as of a date: buckets per customer and currency, totals per currency (never converted).")
            .Answers<AgingReport>().ProducesValidationProblem();
        return api;
    }

    private static readonly string[] FilterNames = ["customer", "status", "bucket", "currency", "dueBefore", "updatedSince"];

    /// <summary>The filters; a parameter the endpoint does not know (a typo) is a problem too, never silently ignored.</summary>
    private static (ReceivableFilters? Filters, Dictionary<string, string[]> Problems) Parse(IQueryCollection q, params string[] paging)
    {
        var (filters, problems) = ReceivableFilters.Parse(Value(q, "customer"), Value(q, "status"), Value(q, "bucket"), Value(q, "currency"), Value(q, "dueBefore"), Value(q, "updatedSince"));
        foreach (var name in q.Keys.Where(k => !FilterNames.Contains(k, StringComparer.Ordinal) && !paging.Contains(k, StringComparer.Ordinal)))
        {
            problems[name] = [$"unknown parameter '{name}'; the parameters are {string.Join(", ", FilterNames.Concat(paging))}."];
        }

        return (problems.Count > 0 ? null : filters, problems);
    }

    private static string? Value(IQueryCollection q, string name) => q.TryGetValue(name, out var v) && v.Count > 0 ? v.ToString() : null;
}
