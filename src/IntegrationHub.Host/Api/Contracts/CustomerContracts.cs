using System.Text.Json;
using IntegrationHub.Host.Receivables;

namespace IntegrationHub.Host.Api.Contracts;

/// <summary>
/// <c>GET /api/v1/customers/{hubId}</c>: ids per system, the canonical record, the last write per target, its value (null
/// before customer-value scored it) and today's aging of its open receivables per currency.
/// </summary>
internal sealed record CustomerDetail(Guid HubId, CustomerCanonical? Canonical, IEnumerable<CustomerSystemLink> Systems, JsonElement? Value,
    DateTimeOffset? ValueComputedAt, CustomerAgingView Aging);

internal sealed record CustomerCanonical(CustomerSource Source, string Hash, DateTimeOffset SeenAt, JsonElement Payload);

internal sealed record CustomerSource(string System, string ExternalId, long SourceVersion);

/// <param name="Entity">What the customer is in that system: a customer, or the marketing contact written for it.</param>
internal sealed record CustomerSystemLink(string System, string Entity, string ExternalId, DateTimeOffset LinkedAt, CustomerLastWrite? LastWrite);

internal sealed record CustomerLastWrite(string SourceSystem, long SourceVersion, string Hash, DateTimeOffset WrittenAt);

internal sealed record CustomerAgingView(DateOnly AsOf, IEnumerable<CustomerAgingLine> Currencies);

internal sealed record CustomerAgingLine(string Currency, IReadOnlyDictionary<string, decimal> Buckets, decimal Total, decimal Overdue, int Invoices, int OldestOverdueDays)
{
    public static CustomerAgingLine Of(AgingLine l) => new(l.Currency, l.Buckets, l.Total, l.Overdue, l.Invoices, l.OldestOverdueDays);
}

/// <summary><c>GET /api/v1/customers</c>: scored customers (their value documents) and the token of the next page ("" at the end).</summary>
internal sealed record CustomerPage(IEnumerable<JsonElement> Customers, string NextPageToken);

/// <summary><c>GET /api/v1/customers/segments</c>.</summary>
internal sealed record CustomerSegmentCounts(long Scored, IReadOnlyDictionary<string, long> Tiers, IReadOnlyDictionary<string, long> Stages);
