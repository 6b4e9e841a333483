using Microsoft.AspNetCore.Builder;

namespace IntegrationHub.Sandbox.Mailchimp;

/// <summary>How a <see cref="MailchimpSandbox"/> starts.</summary>
public sealed record MailchimpSandboxOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one. The default is 0.</summary>
    public int Port { get; init; }

    /// <summary>Simultaneous connections per API key before 429 (Mailchimp's published limit is 10). The default is 10.</summary>
    public int MaxConcurrentConnections { get; init; } = 10;

    /// <summary>Members seeded into the audience (Bogus, fixed seed). The default is 120.</summary>
    public int SeedMembers { get; init; } = 120;

    /// <summary>Random seed of the seeded data. The default is 2026.</summary>
    public int Seed { get; init; } = 2026;

    /// <summary>The sandbox's clock (<c>last_changed</c> of writes). The default is the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Middleware added first in the pipeline, before auth and limits (for example shared fault injection:
    /// <c>ConfigurePipeline = app =&gt; app.UseMiddleware&lt;Faults&gt;()</c>).
    /// </summary>
    public Action<IApplicationBuilder>? ConfigurePipeline { get; init; }
}
