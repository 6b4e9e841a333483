using IntegrationHub.Host.Receivables;

namespace IntegrationHub.Host.Api.Contracts;

/// <summary><c>GET /api/v1/receivables</c>: one page as of a day; <see cref="NextPageToken"/> is "" on the last page.</summary>
internal sealed record ReceivablePage(DateOnly AsOf, IEnumerable<ReceivableView> Receivables, string NextPageToken);
