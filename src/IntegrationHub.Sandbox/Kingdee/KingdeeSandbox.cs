using IntegrationHub.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Sandbox.Kingdee;

/// <summary>
/// An emulated Kingdee K3Cloud ERP on 127.0.0.1 (its own Kestrel server): session login, customers and sales orders seeded
/// from a fixed seed, keyset-friendly queries, per-model save errors, and call limits answered 429 with Retry-After.
/// Fresh credentials per start.
/// </summary>
public sealed class KingdeeSandbox : IAsyncDisposable
{
    /// <summary>The sandbox server's local time zone (K3Cloud dates carry none).</summary>
    public static readonly TimeSpan ServerUtcOffset = TimeSpan.FromHours(8);

    private readonly WebApplication _app;

    private KingdeeSandbox(WebApplication app, Uri baseUrl, KingdeeCredentials credentials, KingdeeSessions sessions, KingdeeStore store, TimeProvider time)
    {
        Users = new KingdeeUsers(store, time);
        _app = app;
        BaseUrl = baseUrl;
        Credentials = credentials;
        Sessions = sessions;
        Store = store;
    }

    public Uri BaseUrl { get; }

    public KingdeeCredentials Credentials { get; }

    public KingdeeSessions Sessions { get; }

    public KingdeeStore Store { get; }

    /// <summary>Customers and orders keyed in as ERP users would (demos).</summary>
    public KingdeeUsers Users { get; }

    public static async Task<KingdeeSandbox> StartAsync(KingdeeSandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KingdeeSandboxOptions();
        var time = options.Time ?? TimeProvider.System;
        var credentials = KingdeeCredentials.Generate();
        var sessions = new KingdeeSessions(time);
        var store = new KingdeeStore(time);
        KingdeeSeed.Fill(store, options.Seed, options.Customers, options.Orders, time.GetUtcNow(), options.HistoryMonths);
        var (app, baseUrl) = await SandboxHost.StartAsync(
            options.Port,
            services => services.AddRateLimiter(o => options.Limits.Apply(o, PartitionOf)),
            options.ConfigurePipeline,
            app => KingdeeSandboxEndpoints.Map(app, credentials, sessions, store),
            cancellationToken).ConfigureAwait(false);
        return new KingdeeSandbox(app, baseUrl, credentials, sessions, store, time);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    // One budget per data centre (this sandbox holds one); logins count too.
    private static string? PartitionOf(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/K3Cloud", StringComparison.Ordinal) ? "data-centre" : null;
}
