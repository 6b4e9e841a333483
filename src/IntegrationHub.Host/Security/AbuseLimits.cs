using System.Net;
using System.Threading.RateLimiting;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Workflows;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Security;

/// <summary>
/// The hub's limits against abuse, on ASP.NET Core's own parts: the rate limiter (per API client and per source address,
/// 429 with <c>Retry-After</c>), a lockout for addresses that keep failing authentication, request timeouts (504), and
/// Kestrel's connection, header-timeout and body-size limits (Kestrel's body limit is four times the largest endpoint
/// limit, so a refused body a little over a limit is drained and its sender reads the 413; endpoints enforce their own).
/// </summary>
internal static class AbuseLimits
{
    /// <summary>The request timeout policy of streamed downloads (<c>Hub:Limits:ExportTimeout</c>).</summary>
    public const string ExportPolicy = "export";

    public static IServiceCollection AddAbuseLimits(this IServiceCollection services)
    {
        services.AddOptions<AbuseLimitOptions>().BindConfiguration(AbuseLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FailedAuthenticationThrottle>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelLimitsSetup>();
        services.AddSingleton<IConfigureOptions<RequestTimeoutOptions>, RequestTimeoutSetup>();
        services.AddRequestTimeouts();
        services.AddSingleton<IConfigureOptions<RateLimiterOptions>, RateLimiterSetup>();
        services.AddRateLimiter(_ => { });
        return services;
    }

    /// <summary>After authentication (the client is known), before authorization and the endpoints.</summary>
    public static IApplicationBuilder UseAbuseLimits(this IApplicationBuilder app)
    {
        app.UseMiddleware<FailedAuthenticationThrottle>();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        return app;
    }

    internal static string Address(HttpContext context) => (context.Connection.RemoteIpAddress ?? IPAddress.None).ToString();

    internal static bool IsHealth(HttpContext context) => context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);

    internal static async ValueTask RejectAsync(HttpContext context, TimeSpan? retryAfter, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((retryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: $"{detail} Retry after {seconds} s.").ExecuteAsync(context);
    }

    private sealed class RateLimiterSetup(IOptions<AbuseLimitOptions> options) : IConfigureOptions<RateLimiterOptions>
    {
        public void Configure(RateLimiterOptions limiter)
        {
            var limits = options.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) => RejectAsync(context.HttpContext,
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null,
                "This client or address sends more requests than Hub:Limits allows.");
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsHealth(context)
                    ? RateLimitPartition.GetNoLimiter("health")
                    : RateLimitPartition.GetTokenBucketLimiter("address:" + Address(context), _ => Bucket(limits.AddressRequestsPerSecond))),
                PartitionedRateLimiter.Create<HttpContext, string>(context => context.User.Identity is { IsAuthenticated: true, Name: { } client }
                    ? RateLimitPartition.GetTokenBucketLimiter("client:" + client, _ => Bucket(limits.ClientRequestsPerSecond))
                    : RateLimitPartition.GetNoLimiter("anonymous")));
        }

        private static TokenBucketRateLimiterOptions Bucket(int perSecond) => new()
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    private sealed class RequestTimeoutSetup(IOptions<AbuseLimitOptions> options) : IConfigureOptions<RequestTimeoutOptions>
    {
        public void Configure(RequestTimeoutOptions timeouts)
        {
            timeouts.DefaultPolicy = Policy("Hub:Limits:RequestTimeout", options.Value.RequestTimeout);
            timeouts.AddPolicy(ExportPolicy, Policy("Hub:Limits:ExportTimeout", options.Value.ExportTimeout));
        }

        private static RequestTimeoutPolicy Policy(string setting, TimeSpan timeout) => new()
        {
            Timeout = timeout,
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
            WriteTimeoutResponse = context => Results.Problem(statusCode: StatusCodes.Status504GatewayTimeout, title: "Request timed out",
                detail: $"The hub did not finish the request within {setting} ({timeout.TotalSeconds:0} s); work already committed stays committed, so retry with the same keys.").ExecuteAsync(context),
        };
    }

    private sealed class KestrelLimitsSetup(IOptions<AbuseLimitOptions> limits, IOptions<HubOptions> hub, IOptions<WorkflowEngineOptions> workflows) : IConfigureOptions<KestrelServerOptions>
    {
        public void Configure(KestrelServerOptions kestrel)
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = limits.Value.MaxConnections;
            kestrel.Limits.RequestHeadersTimeout = limits.Value.RequestHeadersTimeout;
            // Endpoints refuse bodies over their own limits without reading them; Kestrel then drains what the client still
            // sends (so it reads the 413) up to four times the largest limit, and cuts the connection beyond that.
            var largest = Math.Max(hub.Value.MaxOrderBodyBytes, Math.Max(workflows.Value.MaxInputBytes, workflows.Value.MaxEventBytes));
            kestrel.Limits.MaxRequestBodySize = 4L * largest;
        }
    }
}

/// <summary>
/// Counts refused authentications (401 answers) per source address in a one-minute window; an address over
/// <see cref="AbuseLimitOptions.FailedAuthenticationsPerMinute"/> is answered 429 for everything until the window ends,
/// so keys cannot be guessed at speed.
/// </summary>
internal sealed class FailedAuthenticationThrottle : IMiddleware, IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    public FailedAuthenticationThrottle(IOptions<AbuseLimitOptions> options) =>
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.FailedAuthenticationsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (AbuseLimits.IsHealth(context))
        {
            await next(context);
            return;
        }

        var address = AbuseLimits.Address(context);
        using (var probe = _failures.AttemptAcquire(address, 0))
        {
            if (!probe.IsAcquired)
            {
                await AbuseLimits.RejectAsync(context, probe.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1),
                    "Too many refused authentications from this address.");
                return;
            }
        }

        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
        {
            _failures.AttemptAcquire(address).Dispose();
        }
    }

    public void Dispose() => _failures.Dispose();
}
