using Microsoft.AspNetCore.Builder;

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
        app.UseMiddleware<SandboxFaultsMiddleware>(faults, time);
        SandboxFaultsAdminEndpoints.Map(app, faults);
        return faults;
    }
}
