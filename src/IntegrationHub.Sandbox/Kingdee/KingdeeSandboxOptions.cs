using IntegrationHub.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;

namespace IntegrationHub.Sandbox.Kingdee;

/// <summary>How to start a <see cref="KingdeeSandbox"/>.</summary>
public sealed class KingdeeSandboxOptions
{
    /// <summary>The port on 127.0.0.1; 0 picks a free one. The default is 0.</summary>
    public int Port { get; init; }

    /// <summary>The clock of modification dates and session idle time. The default is the system clock.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Seed of the generated data. The default is 2026.</summary>
    public int Seed { get; init; } = 2026;

    /// <summary>Seeded customers. The default is 40.</summary>
    public int Customers { get; init; } = 40;

    /// <summary>Seeded sales orders. The default is 120.</summary>
    public int Orders { get; init; } = 120;

    /// <summary>
    /// Months of order history (0, the default: every order in the last 30 days). With history, each customer orders
    /// as its kind in <see cref="History.CustomerHistory"/> says (loyal, occasional, new, slipping, churned, won back).
    /// </summary>
    public int HistoryMonths { get; init; }

    /// <summary>
    /// Call limits of the data centre. K3Cloud publishes no fixed WebAPI rate; the default (10 at once, 600 per minute,
    /// no daily cap) stands for a tenant's throttle and is what the sandbox answers 429 for.
    /// </summary>
    public SandboxLimits Limits { get; init; } = new(Concurrent: 10, PerWindow: 600, Window: TimeSpan.FromMinutes(1), PerDay: 0);

    /// <summary>Runs first in the request pipeline: add middleware here in one line, e.g. <c>app => app.UseMiddleware&lt;T&gt;()</c>.</summary>
    public Action<IApplicationBuilder>? ConfigurePipeline { get; init; }
}
