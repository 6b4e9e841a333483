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
    /// <summary>Invoices per page when the <c>page</c> parameter is given.</summary>
    public const int PageSize = 100;

    private const string Receivables = "Type==\"ACCREC\"";
    private readonly XeroOptions _options = options.Value;

    /// <summary>
    /// One page (1-based) of receivables changed at or after <paramref name="modifiedSince"/> (second precision, the
    /// <c>If-Modified-Since</c> header), oldest change first, with line items.
    /// </summary>
    internal async Task<IReadOnlyList<JsonElement>> GetReceivablesAsync(DateTimeOffset? modifiedSince, int page, CancellationToken cancellationToken = default)
    {
        var query = $"where={Uri.EscapeDataString(Receivables)}&order={Uri.EscapeDataString("UpdatedDateUTC ASC")}&page={page.ToString(CultureInfo.InvariantCulture)}";
        using var request = Request(HttpMethod.Get, "Invoices?" + query);
        if (modifiedSince is { } since)
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        }

        return Invoices(await SendAsync("GET Invoices", request, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The receivables with these invoice numbers (one call; Xero's <c>InvoiceNumbers</c> filter).</summary>
    internal async Task<IReadOnlyList<JsonElement>> GetReceivablesByNumberAsync(IReadOnlyCollection<string> numbers, CancellationToken cancellationToken = default)
    {
        if (numbers.Count == 0)
        {
            return [];
        }

        var query = $"where={Uri.EscapeDataString(Receivables)}&InvoiceNumbers={Uri.EscapeDataString(string.Join(",", numbers))}";
        using var request = Request(HttpMethod.Get, "Invoices?" + query);
        return Invoices(await SendAsync("GET Invoices", request, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>One invoice by InvoiceID or InvoiceNumber, or null when Xero has none (404).</summary>
    internal async Task<JsonElement?> GetInvoiceAsync(string idOrNumber, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, "Invoices/" + Uri.EscapeDataString(idOrNumber));
        try
        {
            var invoices = Invoices(await SendAsync("GET Invoices/{id}", request, cancellationToken).ConfigureAwait(false));
            return invoices.Count > 0 ? invoices[0] : null;
        }
        catch (ConnectorPermanentException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Creates or updates <paramref name="invoices"/> with <c>summarizeErrors=false</c>: the answer lists every invoice in request
    /// order with <c>StatusAttributeString</c> (OK, WARNING, ERROR) and its <c>ValidationErrors</c>.
    /// </summary>
    internal async Task<IReadOnlyList<JsonElement>> PostInvoicesAsync(JsonArray invoices, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["Invoices"] = invoices.DeepClone() });
        using var request = Request(HttpMethod.Post, "Invoices?summarizeErrors=false");
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Idempotency-Key", Convert.ToHexStringLower(SHA256.HashData(body)));
        var answer = Invoices(await SendAsync("POST Invoices", request, cancellationToken).ConfigureAwait(false));
        return answer.Count == invoices.Count
            ? answer
            : throw Unusable("POST Invoices", $"{answer.Count} invoices for {invoices.Count} sent");
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

    private static IReadOnlyList<JsonElement> Invoices(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Invoices", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().ToArray()
            : throw Unusable("Invoices", "no Invoices array");

    internal static ConnectorPermanentException Unusable(string operation, string what, Exception? inner = null) =>
        new(XeroServiceCollectionExtensions.HttpClientName, $"{XeroServiceCollectionExtensions.HttpClientName}: {operation} answered {what}", inner) { StatusCode = 200 };
}
