using System.Net;
using IntegrationHub.Sandbox.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Sandbox.Fxiaoke;

/// <summary>
/// An emulated Fxiaoke CRM on 127.0.0.1 (its own Kestrel server), with fresh credentials and a fresh fault admin key per
/// start, optional seeded data and fault injection (<see cref="Faults"/>).
/// </summary>
public sealed class FxiaokeSandbox : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FxiaokeSandbox(WebApplication app, FxiaokeCredentials credentials, FxiaokeRecordStore store, FxiaokeTokenIssuer tokens, SandboxFaults faults)
    {
        _app = app;
        Credentials = credentials;
        Records = store;
        Tokens = tokens;
        Faults = faults;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The fault admin endpoint (<c>GET/PUT/DELETE</c>, header <see cref="SandboxFaults.AdminKeyHeader"/> = <see cref="SandboxFaults.AdminKey"/>).</summary>
    public Uri AdminUrl => new(BaseUrl, SandboxFaults.AdminPath);

    public FxiaokeCredentials Credentials { get; }

    public FxiaokeRecordStore Records { get; }

    public FxiaokeTokenIssuer Tokens { get; }

    /// <summary>The sandbox's fault injection; change it here or through <see cref="AdminUrl"/>.</summary>
    public SandboxFaults Faults { get; }

    public static async Task<FxiaokeSandbox> StartAsync(FxiaokeSandboxOptions? options = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        options ??= new FxiaokeSandboxOptions();
        time ??= TimeProvider.System;
        var builder = IntegrationHub.Sandbox.Hosting.SandboxBuilder.Create();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var credentials = FxiaokeCredentials.Generate();
        var store = new FxiaokeRecordStore(time);
        var tokens = new FxiaokeTokenIssuer(time);
        var faults = app.UseSandboxFaults(FxiaokeSandboxOptions.SystemName, options.Faults, time, tokens);
        FxiaokeSandboxEndpoints.Map(app, credentials, tokens, store);
        FxiaokeSeedData.Populate(store, options, time);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FxiaokeSandbox(app, credentials, store, tokens, faults) { BaseUrl = new Uri(address.TrimEnd('/') + "/") };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
