using System.Diagnostics;
using System.Net;
using IntegrationHub.Kafka;
using IntegrationHub.Testing;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace IntegrationHub.IntegrationTests.Hosting;

/// <summary>
/// Traces (OpenTelemetry, on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), exported to an in-process collector (the
/// SDK's in-memory exporter added to the hub's own tracer provider): one pushed order is one trace, from the push request
/// through the outbox row and the Kafka record (W3C traceparent in its headers) to the workflow's activities and the CRM
/// calls they make.
/// </summary>
public sealed class TracingTests
{
    [Fact]
    public async Task PushedOrder_OneTraceFromThePushRequestThroughKafkaToTheCrmCall()
    {
        var spans = new List<Activity>();
        var logs = new List<LogRecord>();
        using var lines = new ScopedLogLines();
        await using var hub = await HubTestHost.StartAsync(
            new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" }, // nothing listens: export fails quietly
            services: s =>
            {
                s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
                s.ConfigureOpenTelemetryLoggerProvider(l => l.AddInMemoryExporter(logs));
                s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(lines);
            });

        using var push = await hub.PushAsync(Orders.SampleOrders.Json("SO-TRACE-1"), "trace-1");
        Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);

        // Activity sources are per process: hubs of other tests running at the same time show up too; this hub's request is on its port.
        bool Ours(Activity a) => a.Kind == ActivityKind.Server && a.DisplayName.Contains("api/v1/orders", StringComparison.Ordinal)
            && Equals(a.GetTagItem("server.port"), hub.Http.BaseAddress!.Port);
        var all = await Eventually.Await(() => Task.FromResult(Snapshot(spans)),
            s => s.FirstOrDefault(Ours) is { } r && s.Any(a => a.TraceId == r.TraceId && a.Source.Name == WorkflowTracing.SourceName && a.DisplayName == "Connector.Upsert")
                && s.Any(a => a.TraceId == r.TraceId && a.Kind == ActivityKind.Consumer), // the record's span ends (and is exported) last
            TimeSpan.FromSeconds(30), "the order's upsert and record spans were exported in the push request's trace");
        var request = Assert.Single(all, Ours);
        var trace = request.TraceId;
        var publish = Assert.Single(all, a => a.Source.Name == KafkaTracing.SourceName && a.Kind == ActivityKind.Producer && a.TraceId == trace);
        var process = Assert.Single(all, a => a.Source.Name == KafkaTracing.SourceName && a.Kind == ActivityKind.Consumer && a.TraceId == trace);
        Assert.Equal(publish.SpanId, process.ParentSpanId); // the consumer continued the trace the record carried
        Assert.Equal(hub.OrdersTopic, process.GetTagItem("messaging.destination.name"));
        var activities = all.Where(a => a.Source.Name == WorkflowTracing.SourceName && a.TraceId == trace).ToList();
        Assert.Contains(activities, a => a.DisplayName == "Connector.Upsert" && (string?)a.GetTagItem("workflow.definition.id") == "erp-orders-to-crm");
        Assert.All(activities, a => Assert.NotEqual(default, a.ParentSpanId));
        Assert.Contains(all, a => a.Kind == ActivityKind.Client && a.TraceId == trace
            && ((string?)a.GetTagItem("url.full"))?.StartsWith(hub.Crm.BaseUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) == true);

        // Log records written while handling the order carry its trace: the exported ones as fields, the console lines in
        // their scope (what the console formatter prints with IncludeScopes, which the hub turns on).
        var traced = Snapshot(logs).Where(l => l.TraceId == trace).ToList();
        Assert.Contains(traced, l => l.CategoryName?.StartsWith("IntegrationHub.", StringComparison.Ordinal) == true);
        Assert.All(traced, l => Assert.NotEqual(default, l.SpanId));
        Assert.Contains(lines.Snapshot(), l => l.Category.StartsWith("IntegrationHub.", StringComparison.Ordinal)
            && l.Scope.Contains("TraceId:" + trace.ToHexString(), StringComparison.Ordinal) && l.Scope.Contains("SpanId:", StringComparison.Ordinal));
        Assert.True(hub.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.Extensions.Logging.Console.SimpleConsoleFormatterOptions>>()
            .CurrentValue.IncludeScopes, "the console prints the scopes, trace and span ids among them");
    }

    // The exporter appends from the threads that end spans: copy, and copy again if an append got in the way.
    private static List<T> Snapshot<T>(List<T> items)
        where T : class
    {
        while (true)
        {
            try
            {
                return items.ToArray().Where(a => a is not null).ToList();
            }
            catch (ArgumentException)
            {
            }
        }
    }
}
