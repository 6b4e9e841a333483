using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Sandbox.Hosting;

/// <summary>
/// Starts one emulated vendor system on its own Kestrel server on 127.0.0.1. The request pipeline is, in order: the caller's
/// <paramref name="pipeline"/> hook (where cross-cutting middleware such as fault injection goes, one line:
/// <c>app => app.UseMiddleware&lt;T&gt;()</c>), the vendor's limits (ASP.NET Core rate limiting, registered by
/// <paramref name="services"/>), then the vendor's endpoints.
/// </summary>
internal static class SandboxHost
{
    public static async Task<(WebApplication App, Uri BaseUrl)> StartAsync(
        int port,
        Action<IServiceCollection> services,
        Action<IApplicationBuilder>? pipeline,
        Action<WebApplication> endpoints,
        CancellationToken cancellationToken = default)
    {
        var builder = IntegrationHub.Sandbox.Hosting.SandboxBuilder.Create();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        services(builder.Services);
        var app = builder.Build();
        pipeline?.Invoke(app);
        app.UseRateLimiter();
        endpoints(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.TrimEnd('/') + "/"));
    }
}
