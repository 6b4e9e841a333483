using System.Globalization;

namespace IntegrationHub.Connectors.Fxiaoke;

/// <summary>
/// Fxiaoke answers failures as HTTP 200 with <c>errorCode != 0</c>. This maps the code (never the message text) to the
/// contract's typed errors: 20016 (token expired) is handled by <see cref="FxiaokeClient"/> with one renewal and one retry;
/// system-busy / throttling codes are transient; every other code is permanent. The error carries the code and the trace
/// id (the vendor's, else the <c>thirdTraceId</c> we sent) and the vendor's <c>errorMessage</c> and <c>errorDescription</c>
/// (the detail, e.g. which field), each truncated, with the app secret and permanent code masked in case the vendor echoes them.
/// </summary>
internal static class FxiaokeErrors
{
    /// <summary>Token expired or invalid: get a new token and retry once.</summary>
    public const int TokenExpired = FxResponse.TokenExpired;

    /// <summary>
    /// "System busy", the platform-wide retry-later code. vendor-apis.md names no throttling code for Fxiaoke; add the
    /// vendor's when it is confirmed (HTTP 429/5xx answers are already transient through the shared plumbing).
    /// </summary>
    public const int SystemBusy = -1;

    private const int MaxText = 300;

    public static bool IsTransient(int errorCode) => errorCode is SystemBusy or TokenExpired;

    /// <summary>The app id, secret or permanent code was refused.</summary>
    public const int AppCredentialsRejected = 20014;

    public static ConnectorException From(string operation, FxResponse response, string sentTraceId, FxiaokeOptions options)
    {
        var traceId = string.IsNullOrEmpty(response.TraceId) ? sentTraceId : response.TraceId;
        var said = Mask(response.ErrorMessage, options);
        var described = Mask(response.ErrorDescription, options);
        var detail = (said, described) switch
        {
            (null, null) => "",
            (_, null) => $" ({said})",
            (null, _) => $" ({described})",
            _ when said == described => $" ({said})",
            _ => $" ({said}: {described})",
        };
        var message = $"{FxiaokeServiceCollectionExtensions.HttpClientName}: {operation} failed with errorCode {response.ErrorCode}{detail}, traceId {traceId}";
        var code = response.ErrorCode.ToString(CultureInfo.InvariantCulture);
        return IsTransient(response.ErrorCode)
            ? new ConnectorTransientException(FxiaokeServiceCollectionExtensions.HttpClientName, message) { StatusCode = 200, VendorCode = code, VendorTraceId = traceId }
            : new ConnectorPermanentException(FxiaokeServiceCollectionExtensions.HttpClientName, message)
            {
                StatusCode = 200, VendorCode = code, VendorTraceId = traceId, CredentialsRejected = response.ErrorCode == AppCredentialsRejected,
            };
    }

    /// <summary>An answer the connector cannot use (no token, no dataId, not the expected JSON): permanent, body not echoed.</summary>
    public static ConnectorPermanentException Unusable(string operation, string what, string traceId, Exception? inner = null) =>
        new(FxiaokeServiceCollectionExtensions.HttpClientName, $"{FxiaokeServiceCollectionExtensions.HttpClientName}: {operation} answered {what}, traceId {traceId}", inner)
        {
            StatusCode = 200,
            VendorTraceId = traceId,
        };

    private static string? Mask(string? text, FxiaokeOptions options)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        foreach (var secret in new[] { options.AppSecret, options.PermanentCode })
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text.Length > MaxText ? text[..MaxText] + "..." : text;
    }
}
