using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Sandbox.Mailchimp;

/// <summary>
/// An emulated Mailchimp Marketing API 3.0 on 127.0.0.1 (its own Kestrel server) with one seeded audience and a fresh API key
/// per start. Mailchimp's limit of simultaneous connections per key is enforced by ASP.NET Core's rate limiting (a
/// concurrency limiter per key, no queue): the next request answers 429 with <c>Retry-After</c>. The pipeline is
/// <see cref="MailchimpSandboxOptions.ConfigurePipeline"/> (e.g. fault injection), the limiter, then the endpoints.
/// </summary>
public sealed class MailchimpSandbox : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MailchimpSandbox(WebApplication app, MailchimpCredentials credentials, MailchimpMemberStore members, Uri root)
    {
        _app = app;
        Credentials = credentials;
        Members = members;
        Root = root;
        BaseUrl = new Uri(root, "3.0/");
    }

    /// <summary>The API root to configure as <c>Connectors:Mailchimp:BaseUrl</c> (ends in <c>/3.0/</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>The server's root address (ends in <c>/</c>).</summary>
    public Uri Root { get; }

    public MailchimpCredentials Credentials { get; }

    public MailchimpMemberStore Members { get; }

    public static async Task<MailchimpSandbox> StartAsync(MailchimpSandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MailchimpSandboxOptions();
        var credentials = MailchimpCredentials.Generate();
        var members = new MailchimpMemberStore(credentials.ListId, options.Time);
        MailchimpSeed.Fill(members, options.SeedMembers, options.Seed, options.Time.GetUtcNow());

        var builder = IntegrationHub.Sandbox.Hosting.SandboxBuilder.Create();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddRateLimiter(limits =>
        {
            limits.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetConcurrencyLimiter(
                MailchimpSandboxEndpoints.ApiKeyOf(context.Request) ?? "",
                _ => new ConcurrencyLimiterOptions { PermitLimit = options.MaxConcurrentConnections, QueueLimit = 0 }));
            limits.OnRejected = (context, token) => new ValueTask(MailchimpProblems.WriteTooManyAsync(context.HttpContext, token));
        });
        var app = builder.Build();
        options.ConfigurePipeline?.Invoke(app);
        app.UseRateLimiter();
        MailchimpSandboxEndpoints.Map(app, credentials, members);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MailchimpSandbox(app, credentials, members, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
