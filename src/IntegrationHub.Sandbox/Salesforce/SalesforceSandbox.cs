using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Sandbox.Salesforce;

/// <summary>
/// An emulated Salesforce org on 127.0.0.1 (its own Kestrel server) with seeded accounts and orders and a fresh connected-app
/// secret per start. It listens on two ports, as a real org has two hosts: the login host (<see cref="BaseUrl"/>, the token
/// endpoint) and the instance host (<see cref="InstanceUrl"/>, named by the token answer's <c>instance_url</c>, the data API);
/// each host answers 404 to the other's paths, so a client that ignores <c>instance_url</c> fails. The org's daily API cap is
/// enforced by ASP.NET Core's rate limiting (a fixed 24-hour window) and answered as Salesforce does, 403 REQUEST_LIMIT_EXCEEDED,
/// with <c>Sforce-Limit-Info: api-usage=USED/MAX</c> on every data answer. Pipeline: <see cref="SalesforceSandboxOptions.ConfigurePipeline"/>
/// (e.g. fault injection), host routing, the limiter, the endpoints.
/// </summary>
public sealed class SalesforceSandbox : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SalesforceSandbox(WebApplication app, SalesforceCredentials credentials, SalesforceRecordStore records, SalesforceSessionIssuer sessions, Uri login, Uri instance)
    {
        _app = app;
        Credentials = credentials;
        Records = records;
        Sessions = sessions;
        BaseUrl = login;
        InstanceUrl = instance;
    }

    /// <summary>The login (My Domain) URL to configure as <c>Connectors:Salesforce:BaseUrl</c>; ends in '/'.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The instance URL the token answer names; ends in '/'.</summary>
    public Uri InstanceUrl { get; }

    public SalesforceCredentials Credentials { get; }

    public SalesforceRecordStore Records { get; }

    public SalesforceSessionIssuer Sessions { get; }

    public static async Task<SalesforceSandbox> StartAsync(SalesforceSandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SalesforceSandboxOptions();
        var credentials = SalesforceCredentials.Generate();
        var records = new SalesforceRecordStore(options.Time);
        SalesforceSeed.Fill(records, options.SeedAccounts, options.SeedOrdersPerAccount, options.Seed, options.Time.GetUtcNow());
        var sessions = new SalesforceSessionIssuer(options.Time, options.SessionLifetime);
        var queries = new SalesforceQueryEngine(records);
        var ports = new int[2]; // login, instance: known once Kestrel bound them

        var builder = IntegrationHub.Sandbox.Hosting.SandboxBuilder.Create();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0);
        });
        var limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsData(context)
            ? RateLimitPartition.GetFixedWindowLimiter("org", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.DailyApiRequests,
                Window = TimeSpan.FromDays(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            })
            : RateLimitPartition.GetNoLimiter("login"));
        builder.Services.AddRateLimiter(limits =>
        {
            limits.GlobalLimiter = limiter;
            limits.OnRejected = async (context, token) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.HttpContext.Response.WriteAsJsonAsync(
                    new SalesforceSaveError(SalesforceErrorCodes.RequestLimitExceeded, "TotalRequests Limit exceeded.").ToErrorArray(), token);
            };
        });
        var app = builder.Build();
        options.ConfigurePipeline?.Invoke(app);
        app.Use(async (context, next) =>
        {
            var port = context.Connection.LocalPort;
            var wrongHost = (IsData(context) && port != ports[1]) || (context.Request.Path.StartsWithSegments("/services/oauth2") && port != ports[0]);
            if (wrongHost)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
        });
        app.UseRateLimiter();
        app.Use(async (context, next) =>
        {
            if (IsData(context))
            {
                var available = limiter.GetStatistics(context)?.CurrentAvailablePermits ?? options.DailyApiRequests;
                context.Response.Headers["Sforce-Limit-Info"] = string.Create(CultureInfo.InvariantCulture, $"api-usage={options.DailyApiRequests - available}/{options.DailyApiRequests}");
            }

            await next(context);
        });

        Uri instance = null!;
        SalesforceSandboxEndpoints.Map(app, credentials, sessions, records, queries, options.Time, () => instance.ToString().TrimEnd('/'), () =>
        {
            var stats = limiter.GetStatistics(new DefaultHttpContext { Request = { Path = SalesforceSandboxEndpoints.DataPrefix } });
            var used = options.DailyApiRequests - (int)(stats?.CurrentAvailablePermits ?? options.DailyApiRequests);
            return (used, options.DailyApiRequests);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToArray();
        ports[0] = addresses[0].Port;
        ports[1] = addresses[1].Port;
        var login = new Uri($"http://127.0.0.1:{ports[0]}/");
        instance = new Uri($"http://127.0.0.1:{ports[1]}/");
        return new SalesforceSandbox(app, credentials, records, sessions, login, instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static bool IsData(HttpContext context) => context.Request.Path.StartsWithSegments(SalesforceSandboxEndpoints.DataPrefix);
}
