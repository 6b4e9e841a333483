using IntegrationHub.Connectors.Fxiaoke.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Fxiaoke;

/// <summary>
/// Calls the Fxiaoke API with a cached access token: fetched on first use, renewed <see cref="FxiaokeOptions.TokenRefreshMargin"/>
/// before it expires, and renewed once more when a call answers errorCode 20016 (token expired), after which the call is retried once.
/// </summary>
public sealed partial class FxiaokeClient(IFxiaokeApi api, IOptions<FxiaokeOptions> options, TimeProvider time, ILogger<FxiaokeClient> logger)
{
    private readonly FxiaokeOptions _options = options.Value;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private (string Token, string Ea, DateTimeOffset RenewAt)? _token;

    public Task<FxQueryResponse> QueryAsync(FxQueryRequest request, CancellationToken cancellationToken = default) =>
        CallAsync("query", (auth, ea, user) => api.QueryAsync(TraceId(), auth, ea, user, request, cancellationToken), cancellationToken);

    public Task<FxWriteResponse> CreateAsync(FxWriteRequest request, CancellationToken cancellationToken = default) =>
        CallAsync("create", (auth, ea, user) => api.CreateAsync(TraceId(), auth, ea, user, request, cancellationToken), cancellationToken);

    public Task<FxWriteResponse> UpdateAsync(FxWriteRequest request, CancellationToken cancellationToken = default) =>
        CallAsync("update", (auth, ea, user) => api.UpdateAsync(TraceId(), auth, ea, user, request, cancellationToken), cancellationToken);

    private async Task<T> CallAsync<T>(string operation, Func<string, string, string, Task<T>> call, CancellationToken cancellationToken)
        where T : FxResponse
    {
        var (token, ea, _) = await GetTokenAsync(forceRenew: false, cancellationToken).ConfigureAwait(false);
        var response = await call("Bearer " + token, ea, _options.OperatorUserId).ConfigureAwait(false);
        if (response.ErrorCode == FxResponse.TokenExpired)
        {
            LogTokenRejected(logger, operation);
            (token, ea, _) = await GetTokenAsync(forceRenew: true, cancellationToken).ConfigureAwait(false);
            response = await call("Bearer " + token, ea, _options.OperatorUserId).ConfigureAwait(false);
        }

        return response.ErrorCode == 0
            ? response
            : throw new FxiaokeException(operation, response.ErrorCode, response.ErrorMessage, response.TraceId);
    }

    private async Task<(string Token, string Ea, DateTimeOffset RenewAt)> GetTokenAsync(bool forceRenew, CancellationToken cancellationToken)
    {
        var seen = _token;
        if (!forceRenew && seen is { } cached && time.GetUtcNow() < cached.RenewAt)
        {
            return cached;
        }

        await _tokenLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Valid and, when renewal was forced, already renewed by another caller while we waited: use it.
            if (_token is { } current && time.GetUtcNow() < current.RenewAt && (!forceRenew || current.Token != seen?.Token))
            {
                return current;
            }

            var response = await api.GetTokenAsync(TraceId(), new FxTokenRequest(_options.AppId, _options.AppSecret, _options.PermanentCode), cancellationToken).ConfigureAwait(false);
            if (response.ErrorCode != 0 || string.IsNullOrEmpty(response.AccessToken) || string.IsNullOrEmpty(response.Ea))
            {
                throw new FxiaokeException("token", response.ErrorCode, response.ErrorMessage ?? "no token in answer", response.TraceId);
            }

            var lifetime = TimeSpan.FromSeconds(response.ExpiresIn > 0 ? response.ExpiresIn : 7200);
            var renewAt = time.GetUtcNow() + (lifetime > _options.TokenRefreshMargin ? lifetime - _options.TokenRefreshMargin : lifetime / 2);
            _token = (response.AccessToken, response.Ea, renewAt);
            LogTokenIssued(logger, (int)lifetime.TotalSeconds);
            return _token.Value;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private static string TraceId() => Guid.NewGuid().ToString();

    [LoggerMessage(Level = LogLevel.Information, Message = "Fxiaoke access token obtained, valid {Seconds} s")]
    private static partial void LogTokenIssued(ILogger logger, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fxiaoke rejected the access token on {Operation}; renewing it and retrying once")]
    private static partial void LogTokenRejected(ILogger logger, string operation);
}
