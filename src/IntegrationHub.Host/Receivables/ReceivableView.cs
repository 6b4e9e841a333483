using IntegrationHub.Storage;

namespace IntegrationHub.Host.Receivables;

/// <summary>
/// A receivable as the finance API, the CSV and the <c>finance.receivables</c> events show it: amounts in its currency,
/// days past due and bucket as of one date (null when it is not aged: not open, nothing due, or no due date).
/// </summary>
public sealed record ReceivableView(
    string InvoiceId,
    string? InvoiceNumber,
    string System,
    Guid? CustomerHubId,
    string? CustomerName,
    string Currency,
    decimal Total,
    decimal Paid,
    decimal Credited,
    decimal Due,
    string Status,
    DateOnly? IssueDate,
    DateOnly? DueDate,
    int? DaysPastDue,
    string? Bucket,
    DateTimeOffset UpdatedAt,
    long UpdateSequence)
{
    public static ReceivableView Of(StoredReceivable r, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(r);
        int? days = ReceivableAging.IsAged(r.Status, r.Due, r.DueDate) ? ReceivableAging.DaysPastDue(r.DueDate!.Value, asOf) : null;
        return new ReceivableView(r.InvoiceId, r.InvoiceNumber, r.System, r.CustomerHubId, r.CustomerName, r.Currency, r.Total, r.Paid, r.Credited, r.Due,
            r.Status, r.IssueDate, r.DueDate, days, days is { } d ? ReceivableAging.Token(ReceivableAging.BucketOf(d)) : null, r.SourceUpdatedAt, r.Sequence);
    }
}
