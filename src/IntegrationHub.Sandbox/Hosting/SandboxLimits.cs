using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace IntegrationHub.Sandbox.Hosting;

/// <summary>
/// A vendor's published limits for one partition (tenant, account): calls at once, calls per window and per day. Enforced
/// with ASP.NET Core's rate limiting (<see cref="RateLimiterOptions.GlobalLimiter"/>): a call over a limit is answered 429
/// with <c>Retry-After</c> (whole seconds, at least 1) and <c>X-Rate-Limit-Problem</c> (concurrent, minute or day, as Xero
/// names them). A limit of 0 is off.
/// </summary>
public sealed record SandboxLimits(int Concurrent, int PerWindow, TimeSpan Window, int PerDay)
{
    /// <summary>Installs the limits, partitioned by <paramref name="partition"/>; a null partition key is not limited.</summary>
    internal void Apply(RateLimiterOptions options, Func<HttpContext, string?> partition)
    {
        var limiters = new List<PartitionedRateLimiter<HttpContext>>();
        if (Concurrent > 0)
        {
            limiters.Add(Partitioned(partition, key => RateLimitPartition.GetConcurrencyLimiter(key, _ => new ConcurrencyLimiterOptions { PermitLimit = Concurrent, QueueLimit = 0 })));
        }

        if (PerWindow > 0)
        {
            limiters.Add(Partitioned(partition, key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = PerWindow, Window = Window, QueueLimit = 0 })));
        }

        if (PerDay > 0)
        {
            limiters.Add(Partitioned(partition, key => RateLimitPartition.GetFixedWindowLimiter(key + "/day", _ => new FixedWindowRateLimiterOptions { PermitLimit = PerDay, Window = TimeSpan.FromDays(1), QueueLimit = 0 })));
        }

        if (limiters.Count > 0)
        {
            options.GlobalLimiter = limiters.Count == 1 ? limiters[0] : PartitionedRateLimiter.CreateChained(limiters.ToArray());
        }

        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (context, _) =>
        {
            TimeSpan? wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null;
            var seconds = Math.Max(1, (int)Math.Ceiling((wait ?? TimeSpan.FromSeconds(1)).TotalSeconds));
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            context.HttpContext.Response.Headers["X-Rate-Limit-Problem"] = wait is null ? "concurrent" : wait > TimeSpan.FromHours(1) ? "day" : "minute";
            return ValueTask.CompletedTask;
        };
    }

    private static PartitionedRateLimiter<HttpContext> Partitioned(Func<HttpContext, string?> partition, Func<string, RateLimitPartition<string>> limiter) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => partition(context) is { } key ? limiter(key) : RateLimitPartition.GetNoLimiter("unlimited"));
}
