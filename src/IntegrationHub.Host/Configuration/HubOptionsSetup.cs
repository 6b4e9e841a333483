using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Configuration;

/// <summary>
/// Adds <c>HUB_API_KEY</c> as the client <c>default</c> (scope admin: the operator's key), and the key <c>demo</c>
/// (scope admin) in demo mode when no client is configured.
/// </summary>
internal sealed class HubOptionsSetup(IConfiguration configuration) : IPostConfigureOptions<HubOptions>
{
    public const string DemoKey = "demo";
    public const string DemoClient = "demo";

    public void PostConfigure(string? name, HubOptions options)
    {
        var envKey = configuration["HUB_API_KEY"];
        if (!string.IsNullOrEmpty(envKey))
        {
            options.Clients["default"] = new ApiClientOptions { Key = envKey, Scopes = Security.Scopes.Admin };
        }

        if (options.Demo && options.Clients.Count == 0)
        {
            options.Clients[DemoClient] = new ApiClientOptions { Key = DemoKey, Scopes = Security.Scopes.Admin };
        }
    }
}
