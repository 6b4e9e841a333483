using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Configuration;

/// <summary>Checks <see cref="HubOptions"/> at start; every message names the setting.</summary>
internal sealed class HubOptionsValidator : IValidateOptions<HubOptions>
{
    public const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        var failures = new List<string>();
        if (!options.Demo && options.ApiKeys.Count == 0)
        {
            failures.Add("Hub:ApiKeys (or HUB_API_KEY) is required outside demo mode: inbound API calls need an API key.");
        }

        foreach (var (client, key) in options.ApiKeys)
        {
            if (string.IsNullOrWhiteSpace(key) || (!options.Demo && key.Length < MinimumKeyLength))
            {
                failures.Add($"Hub:ApiKeys:{client} must be at least {MinimumKeyLength} characters.");
            }
        }

        foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                failures.Add($"Hub:Urls contains '{url}', which is not an http(s) URL.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.OrdersTopic) || options.OrdersTopic.Length > 249)
        {
            failures.Add("Hub:OrdersTopic must be a Kafka topic name (1-249 characters).");
        }

        if (options.PublishTimeout < TimeSpan.FromMilliseconds(100) || options.PublishTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("Hub:PublishTimeout must be between 100 ms and 5 minutes.");
        }

        if (options.OutboxRelayInterval < TimeSpan.FromMilliseconds(10) || options.OutboxRelayInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add("Hub:OutboxRelayInterval must be between 10 ms and 10 minutes.");
        }

        if (options.MaxOrderBodyBytes is < 1024 or > 64 * 1024 * 1024)
        {
            failures.Add("Hub:MaxOrderBodyBytes must be between 1024 and 67108864.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
