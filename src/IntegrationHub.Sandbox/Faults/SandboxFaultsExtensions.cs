using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace IntegrationHub.Sandbox.Faults;

public static class SandboxFaultsExtensions
{
    /// <summary>
    /// Adds fault injection to a sandbox app in one line: the middleware (before the sandbox's endpoints) and the admin
    /// endpoints under <c>/__admin/faults</c>. Call it right after <c>builder.Build()</c>; keep the returned object on the
    /// sandbox (its <see cref="SandboxFaults.AdminKey"/> is what tests and the demo use).
    /// </summary>
    /// <param name="app">The sandbox's own web application.</param>
    /// <param name="system">The system name as in configuration, e.g. <c>Kingdee</c> for <c>Sandbox:Kingdee:Faults</c>.</param>
    /// <param name="profile">The starting profile, usually <see cref="FaultProfile.FromConfiguration"/>; none means no faults.</param>
    /// <param name="time">The sandbox's clock (outage windows and delays).</param>
    /// <param name="tokens">The sandbox's token issuer or session store, for token-expiry faults.</param>
    public static SandboxFaults UseSandboxFaults(this WebApplication app, string system, FaultProfile? profile, TimeProvider time, ISandboxTokenExpiry? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var faults = new SandboxFaults(system, time, tokens, profile);
        app.UseSandboxFaults(faults);
        return faults;
    }

    /// <summary>
    /// The same for a sandbox that offers a pipeline hook (<c>ConfigurePipeline = app =&gt; app.UseSandboxFaults(faults)</c>,
    /// Kingdee, Xero, Mailchimp, Salesforce): the middleware and the admin endpoints of <paramref name="faults"/>, created
    /// before the sandbox starts; attach its token store afterwards with <see cref="SandboxFaults.Tokens"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="app"/> cannot map endpoints (not the sandbox's WebApplication).</exception>
    public static IApplicationBuilder UseSandboxFaults(this IApplicationBuilder app, SandboxFaults faults)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(faults);
        if (app is not IEndpointRouteBuilder routes)
        {
            throw new InvalidOperationException($"The {faults.System} sandbox's fault admin endpoints need its WebApplication (an IEndpointRouteBuilder).");
        }

        app.UseMiddleware<SandboxFaultsMiddleware>(faults, faults.Time);
        SandboxFaultsAdminEndpoints.Map(routes, faults);
        return app;
    }
}
