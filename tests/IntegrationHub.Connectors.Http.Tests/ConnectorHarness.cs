using IntegrationHub.Testing;
using System.Collections.Concurrent;
using IntegrationHub.Connectors.Http.Options;
using IntegrationHub.Connectors.Http.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Http.Tests;

/// <summary>
/// A container with one connector client named <see cref="Name"/> against a stub, built like the host builds it
/// (configuration binding, start validation). Test defaults keep waits short; each test overrides what it needs.
/// </summary>
internal sealed class ConnectorHarness : IAsyncDisposable
{
    public const string Name = "test";

    private readonly IHost _host;

    private ConnectorHarness(IHost host, ConcurrentQueue<string> logs)
    {
        _host = host;
        Logs = logs;
    }

    /// <summary>Every log line written so far, as "Level: message".</summary>
    public ConcurrentQueue<string> Logs { get; }

    public IServiceProvider Services => _host.Services;

    public HttpClient Client => _host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(Name);

    public IConnectorCircuits Circuits => _host.Services.GetRequiredService<IConnectorCircuits>();

    public static ConnectorHarness Create(
        Uri baseUrl,
        IDictionary<string, string?>? settings = null,
        Action<IHttpClientBuilder>? configure = null,
        TimeProvider? time = null,
        Action<ConnectorHttpOptions>? defaults = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Connectors:test:BaseUrl"] = baseUrl.ToString(),
            ["Connectors:test:Timeout"] = "00:00:10",
            ["Connectors:test:AttemptTimeout"] = "00:00:05",
            ["Connectors:test:Retry:BaseDelay"] = "00:00:00.010",
            ["Connectors:test:Retry:MaxDelay"] = "00:00:00.100",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        // The host's own builder, so ValidateOnStart is checked by the same IStartupValidator the hub runs at start.
        var host = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        host.Configuration.AddInMemoryCollection(values);
        var services = host.Services;
        var logs = new ConcurrentQueue<string>();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(new ListLoggerProvider(logs)));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        var client = services.AddConnectorHttpClient(Name, defaults);
        configure?.Invoke(client);
        var app = host.Build();
        var harness = new ConnectorHarness(app, logs);
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
