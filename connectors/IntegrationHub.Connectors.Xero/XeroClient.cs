using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Http.VendorApis;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Xero;

/// <summary>
/// Calls the Xero Accounting API through its Refit interface <see cref="IXeroApi"/> on the shared plumbing's named client <c>xero</c>: OAuth2 client credentials (token
/// cached, renewed early and once more after a 401), Xero's published limits (5 concurrent, 60 per minute, 5,000 per day),
/// 429 <c>Retry-After</c> honoured by the pipeline, per-attempt logging. Every call carries <c>xero-tenant-id</c> and asks for
/// JSON (Xero answers XML otherwise). Writes carry an <c>Idempotency-Key</c> (random, one per call), which Xero honours, so
/// the pipeline may repeat them after a 5xx or a lost answer.
/// </summary>
public sealed class XeroClient(RefitApi<IXeroApi> api, IOptions<XeroOptions> options)
{
    /// <summary>Items per page when the <c>page</c> parameter is given.</summary>
    public const int PageSize = 100;

    /// <summary>
    /// Items per write and numbers per lookup: Xero advises batches of at most 50 elements per request (a body under its
    /// 3.5 MB cap, and a <c>where</c> filter of many numbers fails past about 50 in practice).
    /// </summary>
    public const int MaxBatch = 50;

    private readonly XeroOptions _options = options.Value;

    internal async Task<IReadOnlyList<JsonElement>> GetChangedAsync(string collection, string? where, DateTimeOffset? modifiedSince, int page, CancellationToken cancellationToken = default)
    {
        var since = modifiedSince?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return Items(collection, await api.Client.ListAsync(collection, where, "UpdatedDateUTC ASC", page, since, _options.TenantId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The items of <paramref name="collection"/> a filter selects (one call), e.g. <c>InvoiceNumbers</c>.</summary>
    internal async Task<IReadOnlyList<JsonElement>> GetWhereAsync(string collection, IDictionary<string, string> filter, CancellationToken cancellationToken = default) =>
        Items(collection, await api.Client.FindAsync(collection, filter, _options.TenantId, cancellationToken).ConfigureAwait(false));

    /// <summary>One item by id or number (Xero accepts InvoiceNumber and ContactNumber in the path), or null when Xero has none (404).</summary>
    internal async Task<JsonElement?> GetOneAsync(string collection, string idOrNumber, CancellationToken cancellationToken = default)
    {
        try
        {
            var items = Items(collection, await api.Client.GetAsync(collection, idOrNumber, _options.TenantId, cancellationToken).ConfigureAwait(false));
            return items.Count > 0 ? items[0] : null;
        }
        catch (ConnectorPermanentException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Creates or updates <paramref name="items"/> with <c>summarizeErrors=false</c>: the answer lists every item in request
    /// order with <c>StatusAttributeString</c> (OK, WARNING, ERROR) and its <c>ValidationErrors</c>.
    /// </summary>
    internal async Task<IReadOnlyList<JsonElement>> PostAsync(string collection, JsonArray items, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { [collection] = items.DeepClone() };
        // One key per call: the pipeline's repeats of this call carry it (Xero answers them from the first), while a later
        // call with the same body (a re-run, a replay after the refusal was fixed) is a new request; Xero, like other APIs
        // with idempotency keys, answers a key it has seen with its first answer, refusals included.
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var answer = Items(collection, await api.Client.PostAsync(collection, body, key, _options.TenantId, cancellationToken).ConfigureAwait(false));
        return answer.Count == items.Count
            ? answer
            : throw Unusable($"POST {collection}", $"{answer.Count} items for {items.Count} sent");
    }

    /// <summary>The organisation (a cheap authenticated call for health checks).</summary>
    internal Task CheckOrganisationAsync(CancellationToken cancellationToken = default) =>
        api.Client.OrganisationAsync(_options.TenantId, cancellationToken);

    private static IReadOnlyList<JsonElement> Items(string collection, JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(collection, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().ToArray()
            : throw Unusable(collection, $"no {collection} array");

    internal static ConnectorPermanentException Unusable(string operation, string what, Exception? inner = null) =>
        new(XeroServiceCollectionExtensions.HttpClientName, $"{XeroServiceCollectionExtensions.HttpClientName}: {operation} answered {what}", inner) { StatusCode = 200 };
}
