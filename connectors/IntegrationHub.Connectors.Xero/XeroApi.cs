using System.Text.Json;
using System.Text.Json.Nodes;
using Refit;

namespace IntegrationHub.Connectors.Xero;

/// <summary>
/// The Xero Accounting API subset the connector uses, relative to <c>{BaseUrl}/{ApiPath}/</c> (normally
/// <c>https://api.xero.com/api.xro/2.0/</c>). Every call names the organisation (<c>xero-tenant-id</c>) and asks for JSON
/// (Xero answers XML otherwise). Answers of 400 or more (Xero's <c>ValidationException</c>, 429 with <c>Retry-After</c>)
/// arrive as typed connector errors from the shared plumbing; the bearer token is added by its OAuth2 handler.
/// </summary>
[Headers("Accept: application/json")]
public interface IXeroApi
{
    /// <summary>
    /// <c>GET /{collection}</c>: one page (1-based, 100 items) matching <paramref name="where"/>, changed at or after
    /// <paramref name="ifModifiedSince"/> (UTC, second precision), in <paramref name="order"/>.
    /// </summary>
    [Get("/{collection}")]
    Task<JsonElement> ListAsync(
        string collection, string? where, string order, int page,
        [Header("If-Modified-Since")] string? ifModifiedSince, [Header("xero-tenant-id")] string tenantId, CancellationToken cancellationToken);

    /// <summary><c>GET /{collection}?{filter}</c>: the items a filter selects (e.g. <c>InvoiceNumbers=a,b</c>), one call.</summary>
    [Get("/{collection}")]
    Task<JsonElement> FindAsync(
        string collection, [Query] IDictionary<string, string> filter, [Header("xero-tenant-id")] string tenantId, CancellationToken cancellationToken);

    /// <summary><c>GET /{collection}/{idOrNumber}</c> (Xero accepts InvoiceNumber and ContactNumber in the path); 404 when none.</summary>
    [Get("/{collection}/{idOrNumber}")]
    Task<JsonElement> GetAsync(string collection, string idOrNumber, [Header("xero-tenant-id")] string tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// <c>POST /{collection}?summarizeErrors=false</c>: creates or updates the items, each answered in request order with its
    /// <c>StatusAttributeString</c> and <c>ValidationErrors</c>. The <c>Idempotency-Key</c> (which Xero honours) makes it safe to repeat.
    /// </summary>
    [Post("/{collection}?summarizeErrors=false")]
    Task<JsonElement> PostAsync(
        string collection, [Body] JsonObject body, [Header("Idempotency-Key")] string idempotencyKey,
        [Header("xero-tenant-id")] string tenantId, CancellationToken cancellationToken);

    /// <summary><c>GET /Organisation</c>: a cheap authenticated call for health checks.</summary>
    [Get("/Organisation")]
    Task<JsonElement> OrganisationAsync([Header("xero-tenant-id")] string tenantId, CancellationToken cancellationToken);
}
