using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Http.Auth;
using IntegrationHub.Connectors.Http.VendorApis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Salesforce;

/// <summary>
/// Calls the Salesforce REST API through its Refit interface <see cref="ISalesforceApi"/> on the shared plumbing's named
/// client <c>salesforce</c> (error translation, Polly pipeline, limiter, per-attempt logging). The session comes from the
/// OAuth 2.0 client credentials flow at <c>{BaseUrl}/services/oauth2/token</c> and is kept in the shared
/// <see cref="AccessTokenCache"/> together with the <c>instance_url</c> it names, where every data call goes. (The plumbing's
/// own OAuth2 handler keeps only the token and sends to the configured base URL, so this connector uses the cache directly.)
/// <para>A 401 (<c>INVALID_SESSION_ID</c>: the session ended early) renews the session once and repeats the call once; a
/// second 401 is the answer. The daily cap (403 <c>REQUEST_LIMIT_EXCEEDED</c>) is transient: the rolling 24-hour window
/// frees capacity later. Every answer's <c>Sforce-Limit-Info</c> updates <see cref="SalesforceApiUsage"/> (a handler).</para>
/// </summary>
public sealed partial class SalesforceClient
{
    public const string RequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";
    private readonly RefitApi<ISalesforceApi> _api;
    private readonly SalesforceOptions _options;
    private readonly ILogger<SalesforceClient> _logger;
    private readonly AccessTokenCache _tokens;

    public SalesforceClient(RefitApi<ISalesforceApi> api, IOptions<SalesforceOptions> options, TimeProvider time, ILogger<SalesforceClient> logger)
    {
        _api = api;
        _options = options.Value;
        _logger = logger;
        _tokens = new AccessTokenCache(FetchTokenAsync, TimeSpan.FromMinutes(1), time);
    }

    private string DataPath => $"services/data/v{_options.ApiVersion}/";

    private string QueryOptions => $"batchSize={_options.QueryBatchSize}";

    /// <summary><c>GET /query?q=</c>: the first batch of a SOQL query (batch size from <see cref="SalesforceOptions.QueryBatchSize"/>).</summary>
    public Task<SalesforceQueryResult> QueryAsync(string soql, CancellationToken cancellationToken = default) =>
        SendAsync("GET", DataPath + "query", (api, url, session, ct) => api.QueryAsync(url, soql, session, QueryOptions, ct), cancellationToken);

    /// <summary>The next batch of a query from its <c>nextRecordsUrl</c> (a path under <c>/services/data/</c> on the instance).</summary>
    public Task<SalesforceQueryResult> QueryMoreAsync(string nextRecordsUrl, CancellationToken cancellationToken = default)
    {
        if (!nextRecordsUrl.StartsWith("/services/data/", StringComparison.Ordinal) || nextRecordsUrl.Contains("..", StringComparison.Ordinal))
        {
            throw new ConnectorPermanentException(SalesforceServiceCollectionExtensions.HttpClientName, "salesforce: the query answered a nextRecordsUrl outside /services/data/");
        }

        return SendAsync("GET", nextRecordsUrl.TrimStart('/'), (api, url, session, ct) => api.QueryMoreAsync(url, session, QueryOptions, ct), cancellationToken);
    }

    /// <summary><c>GET /sobjects/{type}/{id}</c> or <c>/sobjects/{type}/{field}/{value}</c>; <see langword="null"/> on 404.</summary>
    public async Task<JsonElement?> GetRecordAsync(string sobject, string id, string? externalIdField = null, CancellationToken cancellationToken = default)
    {
        var path = externalIdField is null
            ? $"{DataPath}sobjects/{sobject}/{Uri.EscapeDataString(id)}"
            : $"{DataPath}sobjects/{sobject}/{externalIdField}/{Uri.EscapeDataString(id)}";
        try
        {
            return await SendAsync<JsonElement>("GET", path, (api, url, session, ct) => api.GetAsync(url, session, ct)!, cancellationToken).ConfigureAwait(false);
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
        SendAsync("PATCH", $"{DataPath}composite/sobjects/{sobject}/{externalIdField}",
            (api, url, session, ct) => api.UpsertCollectionAsync(url, new JsonObject { ["allOrNone"] = false, ["records"] = records.DeepClone() }, session, ct),
            cancellationToken);

    /// <summary><c>GET /limits</c>: the org's limits (used by the health check).</summary>
    public Task<JsonElement> LimitsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement>("GET", DataPath + "limits", (api, url, session, ct) => api.GetAsync(url, session, ct)!, cancellationToken);

    private async Task<T> SendAsync<T>(string method, string path, Func<ISalesforceApi, string, string, CancellationToken, Task<T?>> call, CancellationToken cancellationToken)
    {
        try
        {
            var token = (SalesforceAccessToken)await _tokens.GetAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await SendOnceAsync(method, path, call, token, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectorPermanentException ex) when (ex.StatusCode == 401)
            {
                LogSessionRejected(_logger, method, ex.VendorCode ?? "401");
                token = (SalesforceAccessToken)await _tokens.RenewAsync(token, cancellationToken).ConfigureAwait(false);
                return await SendOnceAsync(method, path, call, token, cancellationToken).ConfigureAwait(false);
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

    private async Task<T> SendOnceAsync<T>(
        string method, string path, Func<ISalesforceApi, string, string, CancellationToken, Task<T?>> call, SalesforceAccessToken token, CancellationToken cancellationToken) =>
        await call(_api.Client, new Uri(token.InstanceUrl, path).ToString(), token.Value, cancellationToken).ConfigureAwait(false)
            ?? throw Unusable(method, path, "an empty body", 200);

    private async Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        // A refusal (400 invalid_client / invalid_grant) arrives as a typed permanent error from the error handler.
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = _options.ClientId,
            ["client_secret"] = _options.ClientSecret,
        };
        var answer = await _api.Client.TokenAsync(form, cancellationToken).ConfigureAwait(false);
        if (answer is not { AccessToken.Length: > 0 } || !Uri.TryCreate(answer.InstanceUrl, UriKind.Absolute, out var instance)
            || (instance.Scheme != Uri.UriSchemeHttps && instance.Scheme != Uri.UriSchemeHttp))
        {
            throw Unusable("POST", "services/oauth2/token", "no access_token or no absolute instance_url", 200);
        }

        LogSessionStarted(_logger, instance.GetLeftPart(UriPartial.Authority));
        return new SalesforceAccessToken(answer.AccessToken, _options.SessionLifetime, new Uri(instance.GetLeftPart(UriPartial.Authority) + "/"));
    }

    /// <summary>A successful status with an answer the connector cannot use: permanent, with that status, body not echoed.</summary>
    private static ConnectorPermanentException Unusable(string method, string path, string what, int status, Exception? inner = null) =>
        new(SalesforceServiceCollectionExtensions.HttpClientName, $"salesforce: {method} /{path.Split('?')[0]} answered {status} with {what}", inner) { StatusCode = status };

    [LoggerMessage(Level = LogLevel.Information, Message = "Salesforce session obtained for instance {Instance}")]
    private static partial void LogSessionStarted(ILogger logger, string instance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Salesforce rejected the session on a {Method} call ({Code}); renewing it and repeating the call once")]
    private static partial void LogSessionRejected(ILogger logger, string method, string code);
}
