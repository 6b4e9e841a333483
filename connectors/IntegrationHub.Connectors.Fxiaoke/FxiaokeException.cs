using IntegrationHub.Connectors.Http;

namespace IntegrationHub.Connectors.Fxiaoke;

/// <summary>Fxiaoke answered <c>errorCode != 0</c>. The message carries the code and trace id, never credentials.</summary>
public sealed class FxiaokeException(string operation, int errorCode, string? errorMessage, string? traceId)
    : ConnectorResponseException($"Fxiaoke {operation} failed: errorCode {errorCode} ({errorMessage}), traceId {traceId ?? "-"}")
{
    public int ErrorCode { get; } = errorCode;
}
