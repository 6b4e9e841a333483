using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Testing;

/// <summary>
/// A DI container built the way the hub builds its own: settings bound from configuration, every log line collected
/// in <see cref="Logs"/>, and ValidateOnStart options checked by the same <see cref="IStartupValidator"/> the hub runs.
/// </summary>
public abstract class HostHarness(IHost host, ConcurrentQueue<string> logs) : IAsyncDisposable
{
    /// <summary>Every log line written so far, as "Level: message".</summary>
    public ConcurrentQueue<string> Logs { get; } = logs;

    public IServiceProvider Services => host.Services;

    public async ValueTask DisposeAsync()
    {
        if (host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }

    /// <summary>Builds and validates the container; <paramref name="overrides"/> win over <paramref name="defaults"/>.</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid (the host is disposed first).</exception>
    protected static (IHost Host, ConcurrentQueue<string> Logs) Build(
        IDictionary<string, string?> defaults, IDictionary<string, string?>? overrides, Action<IServiceCollection> register)
    {
        var values = new Dictionary<string, string?>(defaults);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(values);
        var logs = new ConcurrentQueue<string>();
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(new ListLoggerProvider(logs)));
        register(builder.Services);
        var host = builder.Build();
        try
        {
            host.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return (host, logs);
    }
}
