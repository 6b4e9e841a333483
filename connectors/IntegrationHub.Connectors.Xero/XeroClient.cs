using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Xero;

/// <summary>
/// Calls the Xero Accounting API through the shared plumbing's named client <c>xero</c>: OAuth2 client credentials (token
/// cached, renewed early and once more after a 401), Xero's published limits (5 concurrent, 60 per minute, 5,000 per day),
/// 429 <c>Retry-After</c> honoured by the pipeline, per-attempt logging. Every call carries <c>xero-tenant-id</c> and asks for
/// JSON (Xero answers XML otherwise). Writes carry an <c>Idempotency-Key</c> (SHA-256 of the body), which Xero honours, so
/// the pipeline may repeat them after a 5xx or a lost answer.
/// </summary>
public sealed class XeroClient(IHttpClientFactory clients, IOptions<XeroOptions> options)
{
    /// <summary>Items per page when the <c>page</c> parameter is given.</summary>
    public const int PageSize = 100;

    /// <summary>
    /// Items per write and numbers per lookup: Xero advises batches of at most 50 elements per request (a body under its
    /// 3.5 MB cap, and a <c>where</c> filter of many numbers fails past about 50 in practice).
    /// </summary>
    public const int MaxBatch = 50;

    private readonly XeroOptions _options = options.Value;

    /// <summary>
    /// One page (1-based) of <paramref name="collection"/> (<c>Invoices</c>, <c>Contacts</c>) matching <paramref name="where"/>,
    /// changed at or after <paramref name="modifiedSince"/> (second precision, the <c>If-Modified-Since</c> header), oldest
    /// change first.
    /// </summary>
    internal async Task<IReadOnlyList<JsonElement>> GetChangedAsync(string collection, string? where, DateTimeOffset? modifiedSince, int page, CancellationToken cancellationToken = default)
    {
        var query = $"order={Uri.EscapeDataString("UpdatedDateUTC ASC")}&page={page.ToString(CultureInfo.InvariantCulture)}";
        using var request = Request(HttpMethod.Get, $"{collection}?{(where is null ? "" : $"where={Uri.EscapeDataString(where)}&")}{query}");
        if (modifiedSince is { } since)
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        }

        return Items(collection, await SendAsync($"GET {collection}", request, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The items of <paramref name="collection"/> selected by a query string (one call), e.g. <c>InvoiceNumbers=...</c>.</summary>
    internal async Task<IReadOnlyList<JsonElement>> GetWhereAsync(string collection, string query, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, $"{collection}?{query}");
        return Items(collection, await SendAsync($"GET {collection}", request, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>One item by id or number (Xero accepts InvoiceNumber and ContactNumber in the path), or null when Xero has none (404).</summary>
    internal async Task<JsonElement?> GetOneAsync(string collection, string idOrNumber, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, $"{collection}/{Uri.EscapeDataString(idOrNumber)}");
        try
        {
            var items = Items(collection, await SendAsync($"GET {collection}/{{id}}", request, cancellationToken).ConfigureAwait(false));
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
        var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { [collection] = items.DeepClone() });
        using var request = Request(HttpMethod.Post, $"{collection}?summarizeErrors=false");
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Idempotency-Key", Convert.ToHexStringLower(SHA256.HashData(body)));
        var answer = Items(collection, await SendAsync($"POST {collection}", request, cancellationToken).ConfigureAwait(false));
        return answer.Count == items.Count
            ? answer
            : throw Unusable($"POST {collection}", $"{answer.Count} items for {items.Count} sent");
    }

    /// <summary>The organisation (a cheap authenticated call for health checks).</summary>
    internal async Task CheckOrganisationAsync(CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, "Organisation");
        await SendAsync("GET Organisation", request, cancellationToken).ConfigureAwait(false);
    }

    private HttpRequestMessage Request(HttpMethod method, string relative)
    {
        var request = new HttpRequestMessage(method, _options.ApiPath.Trim('/') + "/" + relative);
        request.Headers.Add("xero-tenant-id", _options.TenantId);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private async Task<JsonElement> SendAsync(string operation, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Answers >= 400 arrive as typed connector errors from the client's error translation handler (Xero's
        // ValidationException body becomes the details).
        using var response = await clients.CreateClient(XeroServiceCollectionExtensions.HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw Unusable(operation, "a body that is not JSON", ex);
        }
    }

    private static IReadOnlyList<JsonElement> Items(string collection, JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(collection, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().ToArray()
            : throw Unusable(collection, $"no {collection} array");

    internal static ConnectorPermanentException Unusable(string operation, string what, Exception? inner = null) =>
        new(XeroServiceCollectionExtensions.HttpClientName, $"{XeroServiceCollectionExtensions.HttpClientName}: {operation} answered {what}", inner) { StatusCode = 200 };
}
