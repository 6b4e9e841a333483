using System.Globalization;
using IntegrationHub.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>
/// The hub's own consumer loop (KafkaConsumerService) in a generic host: input topic -> <see cref="ForwardingHandler"/>
/// -> IMessagePublisher -> output topic. Timed from host start until the output topic holds every record.
/// </summary>
internal static class HubLoopPhase
{
    public const string NamePrefix = "hub loop";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    public static async Task<PhaseResult> RunAsync(
        string bootstrapServers, string inputTopic, string outputTopic, int total, int consumers, int maxInFlight, WatermarkCounter counter, TimeProvider time, CancellationToken cancellationToken, string? label = null)
    {
        var name = label ?? (consumers == 1 ? NamePrefix : string.Create(CultureInfo.InvariantCulture, $"{NamePrefix}, {consumers} consumers in the group"));
        var clock = new AckClock(total, time);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Kafka:ClientId"] = "bench-hub",
            // Same fetch wait as the raw consumer; the hub's default for a configured (non-embedded) cluster is 500 ms.
            ["Kafka:FetchWaitMax"] = "00:00:00.010",
        });
        if (maxInFlight > 0)
        {
            // Otherwise the hub's default applies.
            builder.Configuration["Kafka:MaxInFlight"] = maxInFlight.ToString(CultureInfo.InvariantCulture);
        }

        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(new ForwardingTarget(outputTopic, clock));
        var kafka = builder.Services.AddHubKafka();
        var groupId = string.Create(CultureInfo.InvariantCulture, $"bench-hub-{inputTopic}-{consumers}");
        for (var i = 0; i < consumers; i++)
        {
            // Each registration is one more KafkaConsumerService member of the same group.
            kafka.AddConsumer<ForwardingHandler>(inputTopic, groupId);
        }

        using var host = builder.Build();
        var start = time.GetTimestamp();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var (count, seen) = await counter.WaitForAsync(outputTopic, total, cancellationToken).ConfigureAwait(false);
        var result = clock.Result(name, total, start, count, seen);
        using (var stop = new CancellationTokenSource(StopTimeout, time))
        {
            await host.StopAsync(stop.Token).ConfigureAwait(false);
        }

        var final = counter.High(outputTopic);
        if (final != total && !result.TimedOut)
        {
            Console.WriteLine($"NOTE {name}: the output topic holds {final} records after stop ({final - total} redelivered while stopping)");
        }

        return result;
    }
}
