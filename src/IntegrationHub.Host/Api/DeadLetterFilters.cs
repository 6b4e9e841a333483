using System.Globalization;
using IntegrationHub.Storage;

namespace IntegrationHub.Host.Api;

/// <summary>
/// The filters of the dead-letter listing and bulk replay: <c>topic</c>, <c>flow</c>, <c>reason</c> (text in the
/// reason, any case), <c>status</c> (open, replayed, resolved, discarded), <c>from</c> and <c>to</c> (the last failure
/// in [from, to), ISO 8601 instants with their offset). A parameter the endpoint does not know is a problem, never ignored.
/// </summary>
internal sealed record DeadLetterFilters(string? Topic, string? Flow, string? Reason, string? Status, DateTimeOffset? From, DateTimeOffset? To)
{
    private const int MaxText = 255;
    private static readonly string[] Names = ["topic", "flow", "reason", "status", "from", "to"];
    private static readonly string[] InstantFormats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    public DeadLetterQuery ToQuery() => new(Topic, Flow, Reason, Status, From, To);

    /// <summary>What a page token is bound to: the same filters, or the token is refused.</summary>
    public string Fingerprint() => $"topic={Topic};flow={Flow};reason={Reason};status={Status};from={From?.UtcTicks};to={To?.UtcTicks}";

    public static (DeadLetterFilters? Filters, Dictionary<string, string[]> Problems) Parse(IQueryCollection q, string? defaultStatus, params string[] others)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var name in q.Keys.Where(k => !Names.Contains(k, StringComparer.Ordinal) && !others.Contains(k, StringComparer.Ordinal)))
        {
            problems[name] = [$"unknown parameter '{name}'; the parameters are {string.Join(", ", Names.Concat(others))}."];
        }

        var status = Text(q, "status", problems) ?? defaultStatus;
        if (status is not null && !DeadLetterStatus.All.Contains(status, StringComparer.Ordinal))
        {
            problems["status"] = [$"status must be one of {string.Join(", ", DeadLetterStatus.All)}."];
        }

        var (from, to) = Range(q, problems);
        var filters = new DeadLetterFilters(Text(q, "topic", problems), Text(q, "flow", problems), Text(q, "reason", problems), status, from, to);
        return (problems.Count > 0 ? null : filters, problems);
    }

    internal static string? Text(IQueryCollection q, string name, Dictionary<string, string[]> problems)
    {
        if (!q.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            problems[name] = [$"{name} may be given once."];
            return null;
        }

        var value = values.ToString();
        if (value.Length is 0 or > MaxText)
        {
            problems[name] = [$"{name} must be 1 to {MaxText} characters."];
            return null;
        }

        return value;
    }

    /// <summary><c>from</c> and <c>to</c>, a range [from, to) of ISO 8601 instants; <c>to</c> not after <c>from</c> is a problem.</summary>
    internal static (DateTimeOffset? From, DateTimeOffset? To) Range(IQueryCollection q, Dictionary<string, string[]> problems)
    {
        var (from, to) = (Instant(q, "from", problems), Instant(q, "to", problems));
        if (from is { } f && to is { } t && t <= f)
        {
            problems["to"] = ["to must be after from."];
        }

        return (from, to);
    }

    private static DateTimeOffset? Instant(IQueryCollection q, string name, Dictionary<string, string[]> problems)
    {
        if (Text(q, name, problems) is not { } value)
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(value, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            && (value.EndsWith('Z') || value.Length > 6 && value[^6] is '+' or '-'))
        {
            return at;
        }

        problems[name] = [$"{name} must be an ISO 8601 instant with its offset, such as 2026-12-01T08:00:00Z."];
        return null;
    }
}
