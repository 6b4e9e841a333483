namespace IntegrationHub.Host.Configuration;

/// <summary>One API client: <c>Hub:Clients:&lt;clientId&gt;:Key</c> and <c>:Scopes</c>.</summary>
public sealed class ApiClientOptions
{
    /// <summary>The client's API key (sent as <c>X-Api-Key</c>); at least 16 characters outside demo mode. Give it as an environment variable.</summary>
    public string Key { get; set; } = "";

    /// <summary>What the client may do, separated by spaces or commas, for example <c>orders:write orders:read</c>.</summary>
    public string Scopes { get; set; } = "";
}
