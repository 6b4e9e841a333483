using System.Globalization;
using IntegrationHub.Storage;

namespace IntegrationHub.Host.Receivables;

/// <summary>
/// The filters of the receivables listing and CSV, validated: <c>customer</c> (hub id), <c>status</c> (draft, submitted,
/// open, paid, void, deleted), <c>bucket</c> (current, 1-30, 31-60, 61-90, 90+; only aged invoices), <c>currency</c>
/// (ISO 4217), <c>dueBefore</c> (yyyy-MM-dd, exclusive), <c>updatedSince</c> (ISO 8601 instant with offset, inclusive).
/// </summary>
internal sealed record ReceivableFilters(Guid? Customer, string? Status, AgingBucket? Bucket, string? Currency, DateOnly? DueBefore, DateTimeOffset? UpdatedSince)
{
    public static readonly IReadOnlySet<string> Statuses = new HashSet<string>(StringComparer.Ordinal) { "draft", "submitted", "open", "paid", "void", "deleted" };

    /// <summary>The filters, or the problems by parameter name.</summary>
    public static (ReceivableFilters? Filters, Dictionary<string, string[]> Problems) Parse(string? customer, string? status, string? bucket, string? currency, string? dueBefore, string? updatedSince)
    {
        var problems = new Dictionary<string, string[]>();
        Guid? customerId = null;
        if (customer is not null)
        {
            customerId = Guid.TryParse(customer, out var id) ? id : Fail<Guid?>(problems, "customer", "customer must be a hub customer id (a UUID).");
        }

        if (status is not null && !Statuses.Contains(status))
        {
            Fail<string>(problems, "status", $"status must be one of {string.Join(", ", Statuses)}.");
        }

        AgingBucket? agingBucket = null;
        if (bucket is not null)
        {
            agingBucket = ReceivableAging.TryParse(bucket, out var b) ? b : Fail<AgingBucket?>(problems, "bucket", $"bucket must be one of {string.Join(", ", ReceivableAging.Tokens)}.");
        }

        if (currency is not null && !(currency.Length == 3 && currency.All(char.IsAsciiLetterUpper)))
        {
            Fail<string>(problems, "currency", "currency must be an ISO 4217 code in capitals, such as CNY.");
        }

        DateOnly? due = null;
        if (dueBefore is not null)
        {
            due = DateOnly.TryParseExact(dueBefore, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : Fail<DateOnly?>(problems, "dueBefore", "dueBefore must be a date yyyy-MM-dd.");
        }

        DateTimeOffset? since = null;
        if (updatedSince is not null)
        {
            since = DateTimeOffset.TryParseExact(updatedSince, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var s)
                && (updatedSince.EndsWith('Z') || updatedSince.Length > 6 && updatedSince[^6] is '+' or '-')
                ? s
                : Fail<DateTimeOffset?>(problems, "updatedSince", "updatedSince must be an ISO 8601 instant with its offset, such as 2026-12-01T08:00:00Z.");
        }

        return problems.Count > 0 ? (null, problems) : (new ReceivableFilters(customerId, status, agingBucket, currency, due, since), problems);
    }

    /// <summary>The filters as one canonical string (what a page token is bound to).</summary>
    public string Fingerprint() => string.Create(CultureInfo.InvariantCulture,
        $"customer={Customer};status={Status};bucket={Bucket};currency={Currency};dueBefore={DueBefore:yyyy-MM-dd};updatedSince={UpdatedSince?.UtcTicks}");

    /// <summary>The store query for these filters with aging buckets as of <paramref name="asOf"/>.</summary>
    public ReceivableQuery ToQuery(DateOnly asOf)
    {
        var (from, to) = Bucket is { } b ? ReceivableAging.DueDates(b, asOf) : (null, null);
        return new ReceivableQuery(Customer, Status, Currency, DueBefore, UpdatedSince, from, to, AgedOnly: Bucket is not null);
    }

    private static T? Fail<T>(Dictionary<string, string[]> problems, string name, string message)
    {
        problems[name] = [message];
        return default;
    }
}
