using IntegrationHub.Testing;
using System.Collections.Concurrent;
using IntegrationHub.Connectors.Fxiaoke.Orders;
using IntegrationHub.Sandbox.Fxiaoke;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Fxiaoke.Tests;

/// <summary>
/// A container with the Fxiaoke connector registered exactly as the host does (<c>AddFxiaokeConnector</c>, configuration
/// binding, start validation), against a sandbox or a stub. Retry delays are short; each test overrides what it needs.
/// </summary>
internal sealed class FxiaokeHarness : IAsyncDisposable
{
    public const string AppSecret = "app-secret-0f3c9a7d";
    public const string PermanentCode = "permanent-code-5e1b";

    private readonly IHost _host;

    private FxiaokeHarness(IHost host, ConcurrentQueue<string> logs)
    {
        _host = host;
        Logs = logs;
    }

    /// <summary>Every log line written so far, as "Level: message".</summary>
    public ConcurrentQueue<string> Logs { get; }

    public IServiceProvider Services => _host.Services;

    public FxiaokeClient Client => Services.GetRequiredService<FxiaokeClient>();

    public FxiaokeOrderSink Sink => Services.GetRequiredService<FxiaokeOrderSink>();

    /// <summary>Attempts the shared plumbing logged for <paramref name="path"/> (one line per attempt).</summary>
    public int Attempts(string path) => Logs.Count(l =>
        l.Contains($"POST /{path} answered ", StringComparison.Ordinal) || l.Contains($"POST /{path} failed with ", StringComparison.Ordinal));

    public static FxiaokeHarness ForSandbox(FxiaokeSandbox sandbox, IDictionary<string, string?>? settings = null)
    {
        var c = sandbox.Credentials;
        var values = new Dictionary<string, string?>
        {
            ["Connectors:Fxiaoke:AppId"] = c.AppId,
            ["Connectors:Fxiaoke:AppSecret"] = c.AppSecret,
            ["Connectors:Fxiaoke:PermanentCode"] = c.PermanentCode,
            ["Connectors:Fxiaoke:OperatorUserId"] = c.OperatorUserId,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return Create(sandbox.BaseUrl, values);
    }

    public static FxiaokeHarness Create(Uri? baseUrl, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Connectors:Fxiaoke:BaseUrl"] = baseUrl?.ToString(),
            ["Connectors:Fxiaoke:AppId"] = "app-id",
            ["Connectors:Fxiaoke:AppSecret"] = AppSecret,
            ["Connectors:Fxiaoke:PermanentCode"] = PermanentCode,
            ["Connectors:Fxiaoke:OperatorUserId"] = "FSUID_TEST",
            ["Connectors:Fxiaoke:Retry:BaseDelay"] = "00:00:00.010",
            ["Connectors:Fxiaoke:Retry:MaxDelay"] = "00:00:00.100",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var host = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        host.Configuration.AddInMemoryCollection(values);
        var logs = new ConcurrentQueue<string>();
        host.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(new ListLoggerProvider(logs)));
        host.Services.AddFxiaokeConnector();
        var app = host.Build();
        var harness = new FxiaokeHarness(app, logs);
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
