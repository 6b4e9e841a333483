using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using IntegrationHub.Connectors.Http.Auth;
using IntegrationHub.Connectors.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Salesforce;

/// <summary>
/// Calls the Salesforce REST API through the shared plumbing's named client <c>salesforce</c> (error translation, Polly
/// pipeline, limiter, per-attempt logging). The session comes from the OAuth 2.0 client credentials flow at
/// <c>{BaseUrl}/services/oauth2/token</c> and is kept in the shared <see cref="AccessTokenCache"/> together with the
/// <c>instance_url</c> it names, where every data call goes. (The plumbing's own OAuth2 handler keeps only the token and
/// sends to the configured base URL, so this connector uses the cache directly, as Fxiaoke does.)
/// <para>A 401 (<c>INVALID_SESSION_ID</c>: the session ended early) renews the session once and repeats the call once; a
/// second 401 is the answer. The daily cap (403 <c>REQUEST_LIMIT_EXCEEDED</c>) is transient: the rolling 24-hour window
/// frees capacity later. Every answer's <c>Sforce-Limit-Info</c> updates <see cref="SalesforceApiUsage"/>.</para>
/// </summary>
public sealed partial class SalesforceClient
{
    public const string RequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";
    private const string TokenPath = "services/oauth2/token";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IHttpClientFactory _clients;
    private readonly SalesforceOptions _options;
    private readonly SalesforceApiUsage _usage;
    private readonly ILogger<SalesforceClient> _logger;
    private readonly AccessTokenCache _tokens;

    public SalesforceClient(IHttpClientFactory clients, IOptions<SalesforceOptions> options, SalesforceApiUsage usage, TimeProvider time, ILogger<SalesforceClient> logger)
    {
        _clients = clients;
        _options = options.Value;
        _usage = usage;
        _logger = logger;
        _tokens = new AccessTokenCache(FetchTokenAsync, TimeSpan.FromMinutes(1), time);
    }

    private string DataPath => $"services/data/v{_options.ApiVersion}/";

    /// <summary><c>GET /query?q=</c>: the first batch of a SOQL query (batch size from <see cref="SalesforceOptions.QueryBatchSize"/>).</summary>
    public Task<SalesforceQueryResult> QueryAsync(string soql, CancellationToken cancellationToken = default) =>
        SendAsync<SalesforceQueryResult>(HttpMethod.Get, DataPath + "query?q=" + Uri.EscapeDataString(soql), null, cancellationToken);

    /// <summary>The next batch of a query from its <c>nextRecordsUrl</c> (a path under <c>/services/data/</c> on the instance).</summary>
    public Task<SalesforceQueryResult> QueryMoreAsync(string nextRecordsUrl, CancellationToken cancellationToken = default)
    {
        if (!nextRecordsUrl.StartsWith("/services/data/", StringComparison.Ordinal) || nextRecordsUrl.Contains("..", StringComparison.Ordinal))
        {
            throw new ConnectorPermanentException(SalesforceServiceCollectionExtensions.HttpClientName, "salesforce: the query answered a nextRecordsUrl outside /services/data/");
        }

        return SendAsync<SalesforceQueryResult>(HttpMethod.Get, nextRecordsUrl.TrimStart('/'), null, cancellationToken);
    }

    /// <summary><c>GET /sobjects/{type}/{id}</c> or <c>/sobjects/{type}/{field}/{value}</c>; <see langword="null"/> on 404.</summary>
    public async Task<JsonElement?> GetRecordAsync(string sobject, string id, string? externalIdField = null, CancellationToken cancellationToken = default)
    {
        var path = externalIdField is null
            ? $"{DataPath}sobjects/{sobject}/{Uri.EscapeDataString(id)}"
            : $"{DataPath}sobjects/{sobject}/{externalIdField}/{Uri.EscapeDataString(id)}";
        try
        {
            return await SendAsync<JsonElement>(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorPermanentException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>PATCH /composite/sobjects/{type}/{externalIdField}</c> with <c>allOrNone=false</c> (at most 200 records): one result
    /// per record in request order. Upsert by external id sets absolute values, so the call is safe to repeat (retried).
    /// </summary>
    public Task<IReadOnlyList<SalesforceSaveResult>> UpsertCollectionAsync(string sobject, string externalIdField, JsonArray records, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<SalesforceSaveResult>>(
            HttpMethod.Patch, $"{DataPath}composite/sobjects/{sobject}/{externalIdField}", new JsonObject { ["allOrNone"] = false, ["records"] = records }, cancellationToken);

    /// <summary><c>GET /limits</c>: the org's limits (used by the health check).</summary>
    public Task<JsonElement> LimitsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement>(HttpMethod.Get, DataPath + "limits", null, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        try
        {
            var token = (SalesforceAccessToken)await _tokens.GetAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await SendOnceAsync<T>(method, path, body, token, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectorPermanentException ex) when (ex.StatusCode == 401)
            {
                LogSessionRejected(_logger, method.Method, ex.VendorCode ?? "401");
                token = (SalesforceAccessToken)await _tokens.RenewAsync(token, cancellationToken).ConfigureAwait(false);
                return await SendOnceAsync<T>(method, path, body, token, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ConnectorPermanentException ex) when (ex.VendorCode == RequestLimitExceeded)
        {
            throw new ConnectorTransientException(ex.Connector, ex.Message + " (the org's rolling 24-hour API request cap; try again later)", ex)
            {
                StatusCode = ex.StatusCode,
                VendorCode = ex.VendorCode,
            };
        }
    }

    private async Task<T> SendOnceAsync<T>(HttpMethod method, string path, JsonNode? body, SalesforceAccessToken token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(token.InstanceUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        request.Headers.TryAddWithoutValidation("Sforce-Query-Options", $"batchSize={_options.QueryBatchSize}");
        if (body is not null)
        {
            // Buffered bytes: the same body again on a retry, with a Content-Length.
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, Json));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.MarkIdempotent(); // the only bodies sent are upserts by external id: absolute values
        }

        using var response = await Client().SendAsync(request, cancellationToken).ConfigureAwait(false);
        _usage.Observe(response);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
                ?? throw Unusable(method, path, "an empty body", (int)response.StatusCode);
        }
        catch (JsonException ex)
        {
            throw Unusable(method, path, "a body that is not the expected JSON", (int)response.StatusCode, ex);
        }
    }

    private async Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath)
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "client_credentials"),
                new("client_id", _options.ClientId),
                new("client_secret", _options.ClientSecret),
            ]),
        };
        request.MarkIdempotent(); // asking for a session twice does no harm

        // A refusal (400 invalid_client / invalid_grant) arrives as a typed permanent error from the error handler.
        using var response = await Client().SendAsync(request, cancellationToken).ConfigureAwait(false);
        TokenAnswer? answer;
        try
        {
            answer = await response.Content.ReadFromJsonAsync<TokenAnswer>(Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw Unusable(HttpMethod.Post, TokenPath, "a body that is not the expected JSON", (int)response.StatusCode, ex);
        }

        if (answer is not { AccessToken.Length: > 0 } || !Uri.TryCreate(answer.InstanceUrl, UriKind.Absolute, out var instance)
            || (instance.Scheme != Uri.UriSchemeHttps && instance.Scheme != Uri.UriSchemeHttp))
        {
            throw Unusable(HttpMethod.Post, TokenPath, "no access_token or no absolute instance_url", (int)response.StatusCode);
        }

        LogSessionStarted(_logger, instance.GetLeftPart(UriPartial.Authority));
        return new SalesforceAccessToken(answer.AccessToken, _options.SessionLifetime, new Uri(instance.GetLeftPart(UriPartial.Authority) + "/"));
    }

    private HttpClient Client() => _clients.CreateClient(SalesforceServiceCollectionExtensions.HttpClientName);

    /// <summary>A successful status with an answer the connector cannot use: permanent, with that status, body not echoed.</summary>
    private static ConnectorPermanentException Unusable(HttpMethod method, string path, string what, int status, Exception? inner = null) =>
        new(SalesforceServiceCollectionExtensions.HttpClientName, $"salesforce: {method} /{path.Split('?')[0]} answered {status} with {what}", inner) { StatusCode = status };

    [LoggerMessage(Level = LogLevel.Information, Message = "Salesforce session obtained for instance {Instance}")]
    private static partial void LogSessionStarted(ILogger logger, string instance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Salesforce rejected the session on a {Method} call ({Code}); renewing it and repeating the call once")]
    private static partial void LogSessionRejected(ILogger logger, string method, string code);

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("instance_url")] string? InstanceUrl,
        [property: JsonPropertyName("token_type")] string? TokenType);
}
