using System.Globalization;
using IntegrationHub.Host;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>
/// The brief's pipeline: topic -> workflow with a map -> topic, on the whole hub (<see cref="HubApplication"/> with its
/// SQLite store, catalog, Kafka trigger and PublishMessage). The workflow computes two fields from the order (C#
/// expressions), builds a new JSON payload and publishes it, keyed like the input, with the input event's id.
/// Timed from the first output record to the last (the group join and the hub's start-up are left out).
/// </summary>
internal static class HubWorkflowPhase
{
    public const string NamePrefix = "hub workflow pipeline";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    public static string Workflow(string inputTopic, string outputTopic, string persistence) => $$"""
        definitionId: bench-map
        version: 1
        persistence: {{persistence}}
        trigger: { type: Kafka.MessageReceived, topic: {{inputTopic}}, group: bench-wf-{{inputTopic}} }
        variables:
          - { name: gross, type: decimal, value: 0 }
          - { name: tier, type: string, value: small }
        root:
          type: Sequence
          activities:
            - { id: gross, type: SetVariable, variable: gross, value: "${ (decimal)input[\"data\"]![\"total\"]! * 1.19m }" }
            - { id: tier, type: SetVariable, variable: tier, value: "${ gross >= 5000m ? \"large\" : \"small\" }" }
            - id: publish
              type: PublishMessage
              topic: {{outputTopic}}
              key: ${ input.key }
              eventId: ${ input.event.id }
              eventType: com.integrationhub.benchmark.order.mapped.v1
              payload: "${ new JsonObject { [\"orderId\"] = input[\"data\"]![\"orderId\"]!.DeepClone(), [\"customer\"] = input[\"key\"]!.DeepClone(), [\"gross\"] = gross, [\"tier\"] = tier } }"
        """;

    public static async Task<PhaseResult> RunAsync(
        string name, string bootstrapServers, string inputTopic, string outputTopic, int total, string persistence, int maxInFlight, WatermarkCounter counter, TimeProvider time, CancellationToken cancellationToken)
    {
        using var dir = new TempDirectory();
        var workflows = Directory.CreateDirectory(dir.File("workflows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(workflows, "bench-map.yaml"), Workflow(inputTopic, outputTopic, persistence), cancellationToken).ConfigureAwait(false);
        var settings = new Dictionary<string, string?>
        {
            ["Hub:Urls"] = "http://127.0.0.1:0",
            ["Hub:ApiKeys:bench"] = "bench-key-0123456789abcdef",
            ["Hub:Sandbox"] = "true",
            ["Store:SqlitePath"] = dir.File("hub.db"),
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Kafka:FetchWaitMax"] = "00:00:00.010",
            ["Kafka:Topics:0"] = inputTopic,
            ["Kafka:Topics:1"] = outputTopic,
            ["Workflows:Path"] = workflows,
        };
        if (maxInFlight > 0)
        {
            settings["Kafka:MaxInFlight"] = maxInFlight.ToString(CultureInfo.InvariantCulture);
        }

        var start = time.GetTimestamp();
        var app = await HubApplication.BuildAsync([], b =>
        {
            b.Configuration.AddInMemoryCollection(settings);
            b.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        }, cancellationToken).ConfigureAwait(false);
        await using (app.ConfigureAwait(false))
        {
            await HubApplication.StartAsync(app, cancellationToken).ConfigureAwait(false);
            var (firstCount, first) = await counter.WaitForAsync(outputTopic, 1, cancellationToken).ConfigureAwait(false);
            var (count, seen) = await counter.WaitForAsync(outputTopic, total, cancellationToken).ConfigureAwait(false);
            using (var stop = new CancellationTokenSource(StopTimeout, time))
            {
                await app.StopAsync(stop.Token).ConfigureAwait(false);
            }

            // Records already out when the first poll saw the topic are left out of the steady rate.
            var steady = time.GetElapsedTime(first, seen);
            var result = new PhaseResult(name, total, Math.Min(count, total), time.GetElapsedTime(start, seen), null, count < total);
            return result with { SteadyOverride = (total - firstCount) / Math.Max(steady.TotalSeconds, 1e-9) };
        }
    }
}
