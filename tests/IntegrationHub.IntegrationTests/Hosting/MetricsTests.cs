using System.Net;
using System.Net.Http.Headers;
using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Hosting;

/// <summary>
/// <c>/metrics</c> in Prometheus format (OpenTelemetry): after an order went through the order flow to the CRM, the flow's
/// record counters and the CRM connector's call durations are there, with ASP.NET Core's own metrics; the endpoint needs
/// a key with <c>metrics:read</c>, which a scraper may send as a bearer token. It runs with no other hub in the test
/// process (see <see cref="MetricsCollection"/>).
/// </summary>
[Collection(Name)]
public sealed class MetricsTests
{
    public const string Name = "metrics, one hub in the process";

    private const string ScraperKey = "scraper-key-0123456789abcdef";
    private const string OtherKey = "other-key-0123456789abcdef";

    [Fact]
    public async Task Metrics_ShowTheFlowsRecordsAndTheVendorCalls_ForAScraperWithTheScope()
    {
        await using var hub = await HubTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Hub:Clients:scraper:Key"] = ScraperKey,
            ["Hub:Clients:scraper:Scopes"] = "metrics:read",
            ["Hub:Clients:other:Key"] = OtherKey,
            ["Hub:Clients:other:Scopes"] = "orders:read",
            ["Hub:MetricsSampleInterval"] = "00:00:00.200",
        });
        using var push = await hub.PushAsync(Orders.SampleOrders.Json("SO-METRICS-1"), "metrics-1");
        Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
        using var scraper = new HttpClient { BaseAddress = hub.Http.BaseAddress };
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScraperKey);

        var text = await Eventually.Await(async () => await scraper.GetStringAsync("metrics"),
            t => t.Split('\n').Any(l => l.StartsWith("hub_flow_records_total{", StringComparison.Ordinal) && l.Contains("flow=\"erp-orders-to-crm\"", StringComparison.Ordinal))
                && t.Contains("hub_connector_call_duration_seconds_bucket{", StringComparison.Ordinal)
                && t.Contains("http_server_request_duration_seconds", StringComparison.Ordinal)
                && t.Split('\n').Any(l => l.StartsWith("hub_kafka_consumer_lag", StringComparison.Ordinal) && l.Contains("flow=\"erp-orders-to-crm\"", StringComparison.Ordinal))
                && t.Contains("hub_outbox_backlog{", StringComparison.Ordinal)
                && t.Split('\n').Any(l => l.StartsWith("hub_connector_circuit_state{", StringComparison.Ordinal) && l.Contains("connector=\"fxiaoke\"", StringComparison.Ordinal))
                && t.Split('\n').Any(l => l.StartsWith("hub_workflow_instances{", StringComparison.Ordinal) && l.Contains("flow=\"erp-orders-to-crm\"", StringComparison.Ordinal)
                    && l.Contains("status=\"Finished\"", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the order reached the CRM and the metrics show it");
        using var anonymous = await new HttpClient { BaseAddress = hub.Http.BaseAddress }.GetAsync("metrics");
        using var otherClient = new HttpClient { BaseAddress = hub.Http.BaseAddress };
        otherClient.DefaultRequestHeaders.Add("X-Api-Key", OtherKey);
        using var forbidden = await otherClient.GetAsync("metrics");

        var flowLine = text.Split('\n').First(l => l.StartsWith("hub_flow_records_total{", StringComparison.Ordinal) && l.Contains("flow=\"erp-orders-to-crm\"", StringComparison.Ordinal));
        Assert.Contains("outcome=\"", flowLine, StringComparison.Ordinal);
        Assert.Contains(text.Split('\n'), l => l.StartsWith("hub_connector_call_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains("connector=\"fxiaoke\"", StringComparison.Ordinal) && l.Contains("outcome=\"2xx\"", StringComparison.Ordinal));
        Assert.Contains("http_server_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        // Gauges read every hub of this process (tests run several; other tests open circuits on purpose): any fxiaoke value.
        Assert.Contains(text.Split('\n'), l => l.StartsWith("hub_connector_circuit_state{", StringComparison.Ordinal)
            && l.Contains("connector=\"fxiaoke\"", StringComparison.Ordinal) && l.Split(' ')[1] is "0" or "1" or "2" or "3");
        Assert.Contains(text.Split('\n'), l => l.StartsWith("hub_kafka_consumer_lag", StringComparison.Ordinal)
            && l.Contains("flow=\"erp-orders-to-crm\"", StringComparison.Ordinal) && l.Contains("partition=\"", StringComparison.Ordinal));
        Assert.Contains(text.Split('\n'), l => l.StartsWith("hub_workflow_instances{", StringComparison.Ordinal) && l.Contains("flow=\"erp-orders-to-crm\"", StringComparison.Ordinal)
            && l.Contains("status=\"Finished\"", StringComparison.Ordinal) && double.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains(text.Split('\n'), l => l.StartsWith("hub_outbox_backlog{", StringComparison.Ordinal) && l.Contains("outbox=\"orders\"", StringComparison.Ordinal));
        Assert.Contains(text.Split('\n'), l => l.StartsWith("hub_outbox_oldest_age_seconds{", StringComparison.Ordinal) && l.Contains("outbox=\"record-events\"", StringComparison.Ordinal));
        Assert.Contains(text.Split('\n'), l => l.StartsWith("hub_store_group_writes_total", StringComparison.Ordinal)
            && double.Parse(l.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture) >= 2); // the push: accepted, then marked published
        Assert.Contains(text.Split('\n'), l => l.StartsWith("hub_store_group_commits_total", StringComparison.Ordinal));
        Assert.Contains(text.Split('\n'), l => l.StartsWith("hub_store_writer_busy_seconds_total", StringComparison.Ordinal)
            && double.Parse(l.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}

/// <summary>
/// Alone, not beside other hubs: ASP.NET Core creates its meters per host (IMeterFactory), but OpenTelemetry's provider
/// listens to meters by name across the process and keeps the first instrument of a name, so with other hubs running in
/// the same test process this hub's <c>http_server_request_duration_seconds</c> could be another (possibly disposed) hub's.
/// One hub per process, as in production, has no such overlap.
/// </summary>
[CollectionDefinition(MetricsTests.Name, DisableParallelization = true)]
public sealed class MetricsCollection;
