using IntegrationHub.Sandbox.Faults;

namespace IntegrationHub.Sandbox.Hosting;

/// <summary>
/// One emulated vendor system as the host sees it: its name (lower case, as the connector's system), where it listens,
/// its fault injection, and the <c>Connectors:&lt;System&gt;</c> settings that point the connector at it.
/// </summary>
public sealed record RunningSandbox(
    string System,
    Uri BaseUrl,
    SandboxFaults Faults,
    string ConnectorSection,
    IReadOnlyList<KeyValuePair<string, string?>> Settings,
    IAsyncDisposable Owner)
{
    /// <summary>The fault admin endpoint at the sandbox's root (<c>GET/PUT/DELETE</c>, header <see cref="SandboxFaults.AdminKeyHeader"/>).</summary>
    public Uri AdminUrl => new(new Uri(BaseUrl.GetLeftPart(UriPartial.Authority) + "/"), SandboxFaults.AdminPath);
}
