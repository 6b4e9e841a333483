using IntegrationHub.Messaging;

namespace IntegrationHub.Storage;

/// <summary>
/// The receivables finance pulls: one row per invoice (keyed by the finance system and its invoice id), with typed columns
/// to filter on and an <b>update sequence</b> that every change of a row moves to the newest value, so a client paging in
/// sequence order never misses a row and never gets one version twice. A change and its event commit together.
/// </summary>
public interface IReceivableStore
{
    /// <summary>
    /// Stores <paramref name="receivable"/> unless it is the same content (<see cref="ObservationOutcome.Unchanged"/>) or an
    /// older source version than stored (<see cref="ObservationOutcome.Stale"/>); a change gets the next update sequence and
    /// queues <paramref name="changeEvent"/> (if any) in the same transaction.
    /// </summary>
    Task<ObservationOutcome> UpsertAsync(StoredReceivable receivable, OutgoingMessage? changeEvent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rows matching <paramref name="query"/> with an update sequence above <paramref name="afterSequence"/>, in sequence
    /// order, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<StoredReceivable>> ListAsync(ReceivableQuery query, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every row matching <paramref name="query"/> in sequence order, read as enumerated (constant memory).</summary>
    IAsyncEnumerable<StoredReceivable> StreamAsync(ReceivableQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a payment on a receivable (whether or not its invoice is stored yet) unless unchanged or older, as
    /// <see cref="UpsertAsync"/> does; a change queues <paramref name="changeEvent"/> in the same transaction.
    /// </summary>
    Task<ObservationOutcome> UpsertPaymentAsync(StoredPayment payment, OutgoingMessage? changeEvent, CancellationToken cancellationToken = default);

    /// <summary>A customer's payments (deleted ones included, marked so), oldest payment date first.</summary>
    Task<IReadOnlyList<StoredPayment>> ListPaymentsAsync(Guid customer, CancellationToken cancellationToken = default);
}

/// <summary>A payment received against an invoice: amount in the invoice's currency, the day it was paid, <c>authorised</c> or <c>deleted</c>.</summary>
public sealed record StoredPayment(
    string System,
    string PaymentId,
    string InvoiceId,
    Guid? CustomerHubId,
    string? Currency,
    decimal Amount,
    DateOnly PaidOn,
    string Status,
    long SourceVersion,
    string Hash,
    string PayloadJson,
    DateTimeOffset RecordedAt);

/// <summary>
/// A receivable as stored: amounts in <see cref="Currency"/> (never converted), dates as calendar dates, the canonical
/// payload it came from. <see cref="Sequence"/> is assigned by the store (0 when writing).
/// </summary>
public sealed record StoredReceivable(
    string System,
    string InvoiceId,
    string? InvoiceNumber,
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
    long SourceVersion,
    DateTimeOffset SourceUpdatedAt,
    string Hash,
    string PayloadJson,
    DateTimeOffset RecordedAt,
    long Sequence = 0);

/// <summary>
/// Filters of a receivables listing; null means any. <see cref="DueFrom"/>/<see cref="DueTo"/> (inclusive) and
/// <see cref="AgedOnly"/> express an aging bucket as due dates for one as-of date.
/// </summary>
public sealed record ReceivableQuery(
    Guid? Customer = null,
    string? Status = null,
    string? Currency = null,
    DateOnly? DueBefore = null,
    DateTimeOffset? UpdatedSince = null,
    DateOnly? DueFrom = null,
    DateOnly? DueTo = null,
    bool AgedOnly = false,
    DateOnly? IssuedOnOrBefore = null);
