using IntegrationHub.Messaging;

namespace IntegrationHub.Storage;

/// <summary>
/// What customer value is worked out from (every order the hub holds, with the customer it belongs to; every receivable
/// with the date it was settled) and what it came to: one value per customer, with the content hash of what goes to
/// other systems, so that a recomputation that changes nothing downstream writes no event; and the quintile breakpoints
/// of the last full run.
/// </summary>
public interface ICustomerValueStore
{
    /// <summary>
    /// Orders in the canonical store whose <c>customerNumber</c> is the external id of a customer of
    /// <paramref name="customerSystem"/> in the cross-reference (all customers, or only <paramref name="customer"/>),
    /// ordered by customer.
    /// </summary>
    IAsyncEnumerable<CustomerOrderRow> StreamOrdersAsync(string customerSystem, Guid? customer = null, CancellationToken cancellationToken = default);

    /// <summary>Receivables of known customers (all, or only <paramref name="customer"/>) with their last payment's date, ordered by customer.</summary>
    IAsyncEnumerable<CustomerInvoiceRow> StreamInvoicesAsync(Guid? customer = null, CancellationToken cancellationToken = default);

    /// <summary>Customers with an order seen, or a receivable or payment recorded, at or after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<Guid>> ListCustomersChangedSinceAsync(string customerSystem, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores values in one transaction. A value whose hash equals the stored one only refreshes its explanation
    /// (<see cref="ObservationOutcome.Unchanged"/>); otherwise it is stored with its event queued in the same transaction
    /// (<see cref="ObservationOutcome.Changed"/>). One outcome per value, in order.
    /// </summary>
    Task<IReadOnlyList<ObservationOutcome>> SaveAsync(IReadOnlyList<(StoredCustomerValue Value, OutgoingMessage? ChangeEvent)> values, CancellationToken cancellationToken = default);

    /// <summary>One customer's value, or null when it has none.</summary>
    Task<StoredCustomerValue?> GetAsync(Guid customer, CancellationToken cancellationToken = default);

    /// <summary>Values by hub id after <paramref name="after"/> (keyset), optionally of one tier and/or stage.</summary>
    Task<IReadOnlyList<StoredCustomerValue>> ListAsync(string? tier, string? stage, Guid? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many scored customers each tier and each stage has.</summary>
    Task<CustomerSegments> CountSegmentsAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the breakpoints of the last full run.</summary>
    Task SaveBreakpointsAsync(string breakpointsJson, DateOnly asOf, DateTimeOffset computedAt, CancellationToken cancellationToken = default);

    /// <summary>The breakpoints of the last full run and the day they were worked out for, or null before the first.</summary>
    Task<(string Json, DateOnly AsOf)?> GetBreakpointsAsync(CancellationToken cancellationToken = default);
}

/// <summary>An order (its canonical payload) of a customer.</summary>
public sealed record CustomerOrderRow(Guid CustomerHubId, Guid OrderHubId, string PayloadJson);

/// <summary>A receivable of a customer, with the date of its last payment (null without payments).</summary>
public sealed record CustomerInvoiceRow(Guid CustomerHubId, string InvoiceId, string Currency, decimal Total, decimal Due, string Status, DateOnly? IssueDate,
    DateOnly? DueDate, DateOnly? LastPaidOn);

/// <summary>Scored customers per tier and per stage.</summary>
public sealed record CustomerSegments(int Scored, IReadOnlyDictionary<string, int> Tiers, IReadOnlyDictionary<string, int> Stages);

/// <summary>A customer's stored value: tier, stage, the hash of what goes downstream, the whole value as JSON, and when.</summary>
public sealed record StoredCustomerValue(Guid HubId, string Tier, string Stage, string Hash, string ValueJson, DateOnly AsOf, DateTimeOffset ComputedAt);
