using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Sandbox.Fxiaoke;

/// <summary>An emulated Fxiaoke CRM on 127.0.0.1 (its own Kestrel server), with fresh credentials per start.</summary>
public sealed class FxiaokeSandbox : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FxiaokeSandbox(WebApplication app, FxiaokeCredentials credentials, FxiaokeRecordStore store, FxiaokeTokenIssuer tokens)
    {
        _app = app;
        Credentials = credentials;
        Records = store;
        Tokens = tokens;
    }

    public Uri BaseUrl { get; private set; } = null!;

    public FxiaokeCredentials Credentials { get; }

    public FxiaokeRecordStore Records { get; }

    public FxiaokeTokenIssuer Tokens { get; }

    public static async Task<FxiaokeSandbox> StartAsync(int port = 0, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var credentials = FxiaokeCredentials.Generate();
        var store = new FxiaokeRecordStore(time);
        var tokens = new FxiaokeTokenIssuer(time);
        FxiaokeSandboxEndpoints.Map(app, credentials, tokens, store);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FxiaokeSandbox(app, credentials, store, tokens) { BaseUrl = new Uri(address.TrimEnd('/') + "/") };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
