using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Configuration;

/// <summary>Adds <c>HUB_API_KEY</c> as the client <c>default</c>, and the key <c>demo</c> in demo mode when no key is configured.</summary>
internal sealed class HubOptionsSetup(IConfiguration configuration) : IPostConfigureOptions<HubOptions>
{
    public const string DemoKey = "demo";
    public const string DemoClient = "demo";

    public void PostConfigure(string? name, HubOptions options)
    {
        var envKey = configuration["HUB_API_KEY"];
        if (!string.IsNullOrEmpty(envKey))
        {
            options.ApiKeys["default"] = envKey;
        }

        if (options.Demo && options.ApiKeys.Count == 0)
        {
            options.ApiKeys[DemoClient] = DemoKey;
        }
    }
}
