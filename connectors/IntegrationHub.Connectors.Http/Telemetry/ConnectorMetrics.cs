using System.Diagnostics.Metrics;

namespace IntegrationHub.Connectors.Http.Telemetry;

/// <summary>
/// The connectors' metrics (meter <c>IntegrationHub.Connectors</c>): every attempt of a vendor call as
/// <c>hub.connector.call.duration</c> (seconds) with the connector, the HTTP method and the status class (2xx, 4xx,
/// 429, 5xx) or <c>error</c> when no answer came. Exported by the hub's OpenTelemetry setup (Prometheus at /metrics).
/// </summary>
public static class ConnectorMetrics
{
    public const string MeterName = "IntegrationHub.Connectors";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "hub.connector.call.duration", unit: "s", description: "Vendor call attempts by connector, method and outcome.");

    internal static void Record(string connector, string method, int? status, double seconds) =>
        Duration.Record(seconds,
            new KeyValuePair<string, object?>("connector", connector),
            new KeyValuePair<string, object?>("method", method),
            new KeyValuePair<string, object?>("outcome", status switch
            {
                null => "error",
                429 => "429",
                >= 500 => "5xx",
                >= 400 => "4xx",
                _ => "2xx",
            }));
}
