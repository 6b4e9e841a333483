using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Connectors.Http.Auth;
using IntegrationHub.Connectors.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Fxiaoke;

/// <summary>
/// Calls the Fxiaoke OpenAPI through the shared plumbing's named client <c>fxiaoke</c> (error translation, the connector's
/// Polly pipeline with Fxiaoke's per-interface limit, per-attempt logging). The access token lives in the shared
/// <see cref="AccessTokenCache"/>: fetched on first use, renewed <see cref="FxiaokeOptions.TokenRefreshMargin"/> before it
/// expires, and renewed once more when a call answers errorCode 20016, after which the call is retried once.
/// <para>Retries: query and update are marked idempotent, so the pipeline retries them on 5xx/408/connection errors/timeouts
/// (429 and Retry-After as for any connector). Create is NOT idempotent: a create whose answer was lost may have created
/// the record, and repeating it could duplicate it, so it is not repeated here on 5xx or a connection reset; the failure
/// surfaces as a <see cref="ConnectorTransientException"/> and the Kafka retry re-runs the sink's query-then-create, which
/// finds the record if the lost create did land.</para>
/// </summary>
public sealed partial class FxiaokeClient
{
    private const string TokenPath = "oauth2.0/token";
    private const string QueryPath = "cgi/crm/v2/data/query";
    private const string CreatePath = "cgi/crm/v2/data/create";
    private const string UpdatePath = "cgi/crm/v2/data/update";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IHttpClientFactory _clients;
    private readonly FxiaokeOptions _options;
    private readonly ILogger<FxiaokeClient> _logger;
    private readonly AccessTokenCache _tokens;

    public FxiaokeClient(IHttpClientFactory clients, IOptions<FxiaokeOptions> options, TimeProvider time, ILogger<FxiaokeClient> logger)
    {
        _clients = clients;
        _options = options.Value;
        _logger = logger;
        _tokens = new AccessTokenCache(FetchTokenAsync, _options.TokenRefreshMargin, time);
    }

    public Task<FxQueryResponse> QueryAsync(FxQueryRequest request, CancellationToken cancellationToken = default) =>
        CallAsync<FxQueryResponse>("query", QueryPath, request, idempotent: true, cancellationToken);

    public Task<FxWriteResponse> CreateAsync(FxWriteRequest request, CancellationToken cancellationToken = default) =>
        CallAsync<FxWriteResponse>("create", CreatePath, request, idempotent: false, cancellationToken);

    /// <summary>Sets absolute field values on the record with <c>_id</c>: repeating it leaves the same state, so it is retried.</summary>
    public Task<FxWriteResponse> UpdateAsync(FxWriteRequest request, CancellationToken cancellationToken = default) =>
        CallAsync<FxWriteResponse>("update", UpdatePath, request, idempotent: true, cancellationToken);

    private async Task<T> CallAsync<T>(string operation, string path, object body, bool idempotent, CancellationToken cancellationToken)
        where T : FxResponse
    {
        var token = (FxiaokeAccessToken)await _tokens.GetAsync(cancellationToken).ConfigureAwait(false);
        var traceId = TraceId();
        var response = await SendAsync<T>(operation, path, body, token, traceId, idempotent, cancellationToken).ConfigureAwait(false);
        if (response.ErrorCode == FxiaokeErrors.TokenExpired)
        {
            LogTokenRejected(_logger, operation);
            token = (FxiaokeAccessToken)await _tokens.RenewAsync(token, cancellationToken).ConfigureAwait(false);
            traceId = TraceId();
            response = await SendAsync<T>(operation, path, body, token, traceId, idempotent, cancellationToken).ConfigureAwait(false);
        }

        return response.ErrorCode == 0 ? response : throw FxiaokeErrors.From(operation, response, traceId, _options);
    }

    private async Task<T> SendAsync<T>(
        string operation, string path, object body, FxiaokeAccessToken? token, string traceId, bool idempotent, CancellationToken cancellationToken)
        where T : FxResponse
    {
        // Buffered with a Content-Length (as before, no chunked body), and the same bytes again on a retry.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{path}?thirdTraceId={traceId}") { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            request.Headers.Add("x-fs-ea", token.Ea);
            request.Headers.Add("x-fs-userid", _options.OperatorUserId);
        }

        if (idempotent)
        {
            request.MarkIdempotent();
        }

        // Answers >= 400 arrive as typed connector errors from the client's error translation handler.
        using var response = await _clients.CreateClient(FxiaokeServiceCollectionExtensions.HttpClientName)
            .SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
                ?? throw FxiaokeErrors.Unusable(operation, "an empty body", traceId);
        }
        catch (JsonException ex)
        {
            throw FxiaokeErrors.Unusable(operation, "a body that is not the expected JSON", traceId, ex);
        }
    }

    private async Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        // Asking for a token twice does no harm (the vendor hands out the same token for its first 6600 s): idempotent.
        var traceId = TraceId();
        var response = await SendAsync<FxTokenResponse>("token", TokenPath, new FxTokenRequest(_options.AppId, _options.AppSecret, _options.PermanentCode),
            token: null, traceId, idempotent: true, cancellationToken).ConfigureAwait(false);
        if (response.ErrorCode != 0)
        {
            throw FxiaokeErrors.From("token", response, traceId, _options);
        }

        if (string.IsNullOrEmpty(response.AccessToken) || string.IsNullOrEmpty(response.Ea))
        {
            throw FxiaokeErrors.Unusable("token", "no accessToken or ea", response.TraceId ?? traceId);
        }

        var lifetime = TimeSpan.FromSeconds(response.ExpiresIn > 0 ? response.ExpiresIn : 7200);
        LogTokenIssued(_logger, (int)lifetime.TotalSeconds);
        return new FxiaokeAccessToken(response.AccessToken, lifetime, response.Ea);
    }

    private static string TraceId() => Guid.NewGuid().ToString();

    [LoggerMessage(Level = LogLevel.Information, Message = "Fxiaoke access token obtained, valid {Seconds} s")]
    private static partial void LogTokenIssued(ILogger logger, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fxiaoke rejected the access token on {Operation}; renewing it and retrying once")]
    private static partial void LogTokenRejected(ILogger logger, string operation);
}
