using IntegrationHub.Storage;

namespace IntegrationHub.Host.Api;

/// <summary>
/// The filters of the quarantine listing and bulk replay: <c>flow</c>, <c>entity</c>, <c>status</c> (open, released,
/// discarded or any; <c>includeReleased=true</c>, the older spelling, is any), <c>reason</c> (text in a field name or a
/// reason, any case), <c>externalId</c> (the source record), <c>from</c> and <c>to</c> (the last refusal in [from, to), ISO 8601
/// instants with their offset). A parameter the endpoint does not know is a problem.
/// </summary>
internal sealed record QuarantineFilters(string? Flow, string? Entity, QuarantineStatus? Status, string? Reason, string? ExternalId,
    DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    public const string Any = "any";

    /// <summary>The status filter's values, as the API and the console's quarantine page name them.</summary>
    public static readonly string[] Statuses = ["open", "released", "discarded", Any];

    public QuarantineQuery ToQuery(int limit, QuarantinePosition? after = null) =>
        new(Flow, Entity, Status, limit) { ReasonContains = Reason, ExternalId = ExternalId, After = after, SeenFrom = From, SeenBefore = To };

    /// <summary>What a page token is bound to: the same filters, or the token is refused.</summary>
    public string Fingerprint() => $"flow={Flow};entity={Entity};status={Status};reason={Reason};externalId={ExternalId};from={From?.UtcTicks};to={To?.UtcTicks}";

    /// <param name="names">The filters this endpoint takes (a bulk replay takes no status: it replays open entries).</param>
    /// <param name="others">Its other parameters (paging, limits).</param>
    public static (QuarantineFilters? Filters, Dictionary<string, string[]> Problems) Parse(IQueryCollection q, string[] names, params string[] others)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var name in q.Keys.Where(k => !names.Contains(k, StringComparer.Ordinal) && !others.Contains(k, StringComparer.Ordinal)))
        {
            problems[name] = [$"unknown parameter '{name}'; the parameters are {string.Join(", ", names.Concat(others))}."];
        }

        QuarantineStatus? status = QuarantineStatus.Open;
        if (DeadLetterFilters.Text(q, "includeReleased", problems) is { } include)
        {
            status = include switch
            {
                "true" => null,
                "false" => QuarantineStatus.Open,
                _ => Problem(problems, "includeReleased", "includeReleased must be true or false."),
            };
        }

        if (DeadLetterFilters.Text(q, "status", problems) is { } given)
        {
            if (q.ContainsKey("includeReleased"))
            {
                problems["status"] = ["give status or includeReleased, not both."];
            }

            status = Statuses.Contains(given, StringComparer.Ordinal) ? StatusOf(given) : Problem(problems, "status", $"status must be one of {string.Join(", ", Statuses)}.");
        }

        var (from, to) = DeadLetterFilters.Range(q, problems);
        var filters = new QuarantineFilters(DeadLetterFilters.Text(q, "flow", problems), DeadLetterFilters.Text(q, "entity", problems), status,
            DeadLetterFilters.Text(q, "reason", problems), DeadLetterFilters.Text(q, "externalId", problems), from, to);
        return (problems.Count > 0 ? null : filters, problems);
    }

    /// <summary>The store's status for one of <see cref="Statuses"/>; null for <see cref="Any"/>.</summary>
    public static QuarantineStatus? StatusOf(string status) => status == Any ? null : Enum.Parse<QuarantineStatus>(status, ignoreCase: true);

    private static QuarantineStatus? Problem(Dictionary<string, string[]> problems, string name, string message)
    {
        problems[name] = [message];
        return null;
    }
}
