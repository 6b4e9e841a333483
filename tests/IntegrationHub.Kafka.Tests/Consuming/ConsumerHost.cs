using System.Text;
using IntegrationHub.Messaging;
using IntegrationHub.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Kafka.Tests.Consuming;

/// <summary>A real generic host running the hub's Kafka consumer loop for one topic against the embedded cluster.</summary>
public sealed class ConsumerHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ConsumerHost(IHost host) => _host = host;

    public IMessagePublisher Publisher => _host.Services.GetRequiredService<IMessagePublisher>();

    public static async Task<ConsumerHost> StartAsync(string topic, string group, ScriptedHandler handler, int maxAttempts = 3, int maxInFlight = 64)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("HUB_TEST_LOGS") == "1") { builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff "); }
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = SharedKafka.BootstrapServers,
            ["Kafka:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Kafka:RetryBackoff"] = "00:00:00.020",
            ["Kafka:MaxRetryBackoff"] = "00:00:00.100",
            ["Kafka:SessionTimeout"] = "00:00:06",
            ["Kafka:FetchWaitMax"] = "00:00:00.010",
            ["Kafka:MaxInFlight"] = maxInFlight.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Services.AddSingleton(handler);
        builder.Services.AddHubKafka().AddConsumer<ScriptedHandler>(topic, group);
        var host = builder.Build();
        await host.StartAsync();
        return new ConsumerHost(host);
    }

    public static OutgoingMessage Event(string topic, string id, string key = "customer-1") => new(topic, key, new CloudEvent
    {
        Id = id,
        Source = new Uri("/tests", UriKind.Relative),
        Type = "test.event.v1",
        Time = DateTimeOffset.UtcNow,
        Data = Encoding.UTF8.GetBytes($$"""{"id":"{{id}}"}"""),
    });

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
