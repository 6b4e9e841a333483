using IntegrationHub.Connectors.Hosting.Activities;
using IntegrationHub.Connectors.Http.Telemetry;
using IntegrationHub.Kafka;
using IntegrationHub.Workflows.Execution;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IntegrationHub.Host.Http;

/// <summary>
/// OpenTelemetry as its hosting package sets it up, configured by the standard <c>OTEL_*</c> variables. Metrics are
/// always on and served in Prometheus format at <c>/metrics</c> (scope <c>metrics:read</c>; scrapers send the key as a
/// bearer token): the hub's record counters per flow and outcome (<c>hub_flow_records_total</c>), vendor call durations
/// per connector and outcome (<c>hub_connector_call_duration_seconds</c>), consumer lag per flow and partition and each
/// connector's circuit state, workflow instances by status and the outbox backlog (<see cref="HubGauges"/>), ASP.NET Core, HttpClient and .NET runtime metrics. With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, metrics and traces also go there by OTLP; without it no trace is
/// collected. Traces: ASP.NET Core requests, vendor calls (HttpClient), Kafka publish and process spans (W3C
/// <c>traceparent</c> in the record headers and in the outbox rows, so a pushed order's trace reaches the CRM call), and a
/// span per workflow activity. Logs go by OTLP as well then, each record with its trace and span id.
/// </summary>
internal static class HubTelemetry
{
    public const string ServiceName = "integration-hub";

    public static IServiceCollection AddHubTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<HubGauges>();
        services.AddSingleton<HubStateSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<HubStateSampler>());
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(FlowStatistics.MeterName, ConnectorMetrics.MeterName, HubGauges.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Logs too: each exported log record carries the trace and span it was written in.
            telemetry.WithTracing(tracing => tracing
                    .AddSource(KafkaTracing.SourceName, WorkflowTracing.SourceName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation())
                .WithLogging()
                .UseOtlpExporter();
        }

        return services;
    }
}
