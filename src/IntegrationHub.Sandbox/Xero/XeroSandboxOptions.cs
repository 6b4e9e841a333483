using IntegrationHub.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;

namespace IntegrationHub.Sandbox.Xero;

/// <summary>How to start a <see cref="XeroSandbox"/>.</summary>
public sealed class XeroSandboxOptions
{
    /// <summary>The port on 127.0.0.1; 0 picks a free one. The default is 0.</summary>
    public int Port { get; init; }

    /// <summary>The clock of <c>UpdatedDateUTC</c> and token expiry. The default is the system clock.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Seed of the generated data. The default is 2026.</summary>
    public int Seed { get; init; } = 2026;

    /// <summary>Seeded contacts. The default is 30.</summary>
    public int Contacts { get; init; } = 30;

    /// <summary>Seeded invoices (about 85 % ACCREC, the rest ACCPAY). The default is 250.</summary>
    public int Invoices { get; init; } = 250;

    /// <summary>
    /// Months of receivables history (0, the default: the last 30 days, every status, some bills). With history, every
    /// invoice is a receivable of a customer whose kind and payment habit <see cref="History.CustomerHistory"/> gives.
    /// </summary>
    public int HistoryMonths { get; init; }

    /// <summary>Xero's limits per tenant: 5 at once, 60 per minute, 5,000 per day (429 + Retry-After beyond them).</summary>
    public SandboxLimits Limits { get; init; } = new(Concurrent: 5, PerWindow: 60, Window: TimeSpan.FromMinutes(1), PerDay: 5000);

    /// <summary>Runs first in the request pipeline: add middleware here in one line, e.g. <c>app => app.UseMiddleware&lt;T&gt;()</c>.</summary>
    public Action<IApplicationBuilder>? ConfigurePipeline { get; init; }
}
