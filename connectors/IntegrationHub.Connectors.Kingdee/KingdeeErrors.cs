using System.Globalization;

namespace IntegrationHub.Connectors.Kingdee;

/// <summary>
/// K3Cloud answers failures as HTTP 200 with <c>ResponseStatus.IsSuccess=false</c>. The <c>MsgCode</c> (never the message
/// text) decides: 1 (session lost) is replayed by <see cref="KingdeeClient"/>, 13 (network control conflict) and 14 (call
/// limit) are transient, everything else is permanent. Messages are truncated; the vendor's field-level errors become details.
/// </summary>
internal static class KingdeeErrors
{
    /// <summary>MsgCode 10: no such data (View of an unknown number).</summary>
    public const int NotFound = 10;

    private const string Connector = KingdeeServiceCollectionExtensions.HttpClientName;
    private const int MaxText = 300;

    public static bool IsTransient(int msgCode) => msgCode is KdResponseStatus.SessionLost or KdResponseStatus.NetworkControlConflict or KdResponseStatus.CallLimit;

    public static ConnectorException From(string operation, KdResponseStatus status)
    {
        var details = status.Errors.Select(Describe).ToArray();
        var message = $"{Connector}: {operation} failed with ErrorCode {status.ErrorCode}, MsgCode {status.MsgCode}"
            + (details.Length == 0 ? "" : $": {details[0]}");
        var code = status.MsgCode.ToString(CultureInfo.InvariantCulture);
        return IsTransient(status.MsgCode)
            ? new ConnectorTransientException(Connector, message) { StatusCode = 200, VendorCode = code }
            : new ConnectorPermanentException(Connector, message) { StatusCode = 200, VendorCode = code, Details = details };
    }

    public static string Describe(KdError error) =>
        Truncate(string.IsNullOrEmpty(error.FieldName) ? error.Message ?? "refused" : $"{error.FieldName}: {error.Message}");

    /// <summary>An answer the connector cannot use: permanent, body not echoed.</summary>
    public static ConnectorPermanentException Unusable(string operation, string what, Exception? inner = null) =>
        new(Connector, $"{Connector}: {operation} answered {what}", inner) { StatusCode = 200 };

    private static string Truncate(string text) => text.Length > MaxText ? text[..MaxText] + "..." : text;
}
