using System.Collections.Concurrent;
using IntegrationHub.Connectors.Http.Options;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Connectors.Http.Tests;

/// <summary>
/// A container with one connector client named <see cref="Name"/> against a stub, built like the host builds it
/// (configuration binding, start validation). Test defaults keep waits short; each test overrides what it needs.
/// </summary>
internal sealed class ConnectorHarness(IHost host, ConcurrentQueue<string> logs) : HostHarness(host, logs)
{
    public const string Name = "test";

    public HttpClient Client => Services.GetRequiredService<IHttpClientFactory>().CreateClient(Name);

    public IConnectorCircuits Circuits => Services.GetRequiredService<IConnectorCircuits>();

    public static ConnectorHarness Create(
        Uri baseUrl,
        IDictionary<string, string?>? settings = null,
        Action<IHttpClientBuilder>? configure = null,
        TimeProvider? time = null,
        Action<ConnectorHttpOptions>? defaults = null)
    {
        var defaultSettings = new Dictionary<string, string?>
        {
            ["Connectors:test:BaseUrl"] = baseUrl.ToString(),
            ["Connectors:test:Timeout"] = "00:00:10",
            ["Connectors:test:AttemptTimeout"] = "00:00:05",
            ["Connectors:test:Retry:BaseDelay"] = "00:00:00.010",
            ["Connectors:test:Retry:MaxDelay"] = "00:00:00.100",
        };
        var (host, logs) = Build(defaultSettings, settings, services =>
        {
            if (time is not null)
            {
                services.AddSingleton(time);
            }

            var client = services.AddConnectorHttpClient(Name, defaults);
            configure?.Invoke(client);
        });
        return new ConnectorHarness(host, logs);
    }
}
