using Microsoft.AspNetCore.Builder;

namespace IntegrationHub.Sandbox.Salesforce;

/// <summary>How a <see cref="SalesforceSandbox"/> starts.</summary>
public sealed record SalesforceSandboxOptions
{
    /// <summary>The org's API requests per rolling 24 hours before 403 REQUEST_LIMIT_EXCEEDED. The default is 15000 (Enterprise Edition's base).</summary>
    public int DailyApiRequests { get; init; } = 15_000;

    /// <summary>Accounts seeded (Bogus, fixed seed). The default is 60.</summary>
    public int SeedAccounts { get; init; } = 60;

    /// <summary>Orders seeded per account. The default is 3.</summary>
    public int SeedOrdersPerAccount { get; init; } = 3;

    /// <summary>Random seed of the seeded data. The default is 2026.</summary>
    public int Seed { get; init; } = 2026;

    /// <summary>The org's session timeout. The default is 2 hours.</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(2);

    /// <summary>The sandbox's clock (<c>SystemModstamp</c>, session expiry). The default is the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Middleware added first in the pipeline, before the port routing, the API limit and the endpoints (for example shared
    /// fault injection: <c>ConfigurePipeline = app =&gt; app.UseMiddleware&lt;Faults&gt;()</c>).
    /// </summary>
    public Action<IApplicationBuilder>? ConfigurePipeline { get; init; }
}
