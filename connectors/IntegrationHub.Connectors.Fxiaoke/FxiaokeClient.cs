using IntegrationHub.Connectors.Http.Auth;
using IntegrationHub.Connectors.Http.VendorApis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Fxiaoke;

/// <summary>
/// Calls the Fxiaoke OpenAPI through its Refit interface <see cref="IFxiaokeApi"/> on the shared plumbing's named client
/// <c>fxiaoke</c> (error translation, the connector's Polly pipeline with Fxiaoke's per-interface limit, per-attempt
/// logging). The access token lives in the shared <see cref="AccessTokenCache"/>: fetched on first use, renewed
/// <see cref="FxiaokeOptions.TokenRefreshMargin"/> before it expires, and renewed once more when a call answers errorCode
/// 20016, after which the call is repeated once.
/// <para>Retries: query and update are marked idempotent on the interface, so the pipeline retries them on 5xx/408/connection
/// errors/timeouts (429 and Retry-After as for any connector). Create is NOT idempotent: a create whose answer was lost may
/// have created the record, and repeating it could duplicate it, so it is not repeated here on 5xx or a connection reset;
/// the failure surfaces as a <see cref="ConnectorTransientException"/> and the Kafka retry re-runs the sink's
/// query-then-create, which finds the record if the lost create did land.</para>
/// </summary>
public sealed partial class FxiaokeClient
{
    private readonly RefitApi<IFxiaokeApi> _api;
    private readonly FxiaokeOptions _options;
    private readonly ILogger<FxiaokeClient> _logger;
    private readonly AccessTokenCache _tokens;

    public FxiaokeClient(RefitApi<IFxiaokeApi> api, IOptions<FxiaokeOptions> options, TimeProvider time, ILogger<FxiaokeClient> logger)
    {
        _api = api;
        _options = options.Value;
        _logger = logger;
        _tokens = new AccessTokenCache(FetchTokenAsync, _options.TokenRefreshMargin, time);
    }

    public Task<FxQueryResponse> QueryAsync(FxQueryRequest request, CancellationToken cancellationToken = default) =>
        CallAsync("query", (api, token, traceId, ct) => api.QueryAsync(request, traceId, token.Value, token.Ea, _options.OperatorUserId, ct), cancellationToken);

    public Task<FxWriteResponse> CreateAsync(FxWriteRequest request, CancellationToken cancellationToken = default) =>
        CallAsync("create", (api, token, traceId, ct) => api.CreateAsync(request, traceId, token.Value, token.Ea, _options.OperatorUserId, ct), cancellationToken);

    /// <summary>Sets absolute field values on the record with <c>_id</c>: repeating it leaves the same state, so it is retried.</summary>
    public Task<FxWriteResponse> UpdateAsync(FxWriteRequest request, CancellationToken cancellationToken = default) =>
        CallAsync("update", (api, token, traceId, ct) => api.UpdateAsync(request, traceId, token.Value, token.Ea, _options.OperatorUserId, ct), cancellationToken);

    /// <summary>An answer Refit could not read as the declared JSON: permanent, with the call's trace id.</summary>
    internal static Exception Unreadable(HttpResponseMessage response, Exception exception)
    {
        var query = response.RequestMessage?.RequestUri?.Query ?? "";
        var traceId = System.Web.HttpUtility.ParseQueryString(query)["thirdTraceId"] ?? "";
        var operation = response.RequestMessage?.RequestUri?.AbsolutePath.Split('/')[^1] ?? "call";
        return FxiaokeErrors.Unusable(operation, "a body that is not the expected JSON", traceId, exception);
    }

    private async Task<T> CallAsync<T>(
        string operation, Func<IFxiaokeApi, FxiaokeAccessToken, string, CancellationToken, Task<T?>> call, CancellationToken cancellationToken)
        where T : FxResponse
    {
        var token = (FxiaokeAccessToken)await _tokens.GetAsync(cancellationToken).ConfigureAwait(false);
        var traceId = TraceId();
        var response = Readable(operation, await call(_api.Client, token, traceId, cancellationToken).ConfigureAwait(false), traceId);
        if (response.ErrorCode == FxiaokeErrors.TokenExpired)
        {
            LogTokenRejected(_logger, operation);
            token = (FxiaokeAccessToken)await _tokens.RenewAsync(token, cancellationToken).ConfigureAwait(false);
            traceId = TraceId();
            response = Readable(operation, await call(_api.Client, token, traceId, cancellationToken).ConfigureAwait(false), traceId);
        }

        return response.ErrorCode == 0 ? response : throw FxiaokeErrors.From(operation, response, traceId, _options);
    }

    private static T Readable<T>(string operation, T? response, string traceId)
        where T : FxResponse =>
        response ?? throw FxiaokeErrors.Unusable(operation, "an empty body", traceId);

    private async Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        var traceId = TraceId();
        var request = new FxTokenRequest(_options.AppId, _options.AppSecret, _options.PermanentCode);
        var response = Readable("token", await _api.Client.TokenAsync(request, traceId, cancellationToken).ConfigureAwait(false), traceId);
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
