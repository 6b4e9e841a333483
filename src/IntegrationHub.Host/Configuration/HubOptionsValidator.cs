using IntegrationHub.Host.Security;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Configuration;

/// <summary>Checks <see cref="HubOptions"/> at start; every message names the setting.</summary>
internal sealed class HubOptionsValidator : IValidateOptions<HubOptions>
{
    public const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        var failures = new List<string>();
        if (options.ApiKeys.Count > 0)
        {
            failures.Add("Hub:ApiKeys is no longer accepted: give each client Hub:Clients:<client>:Key and Hub:Clients:<client>:Scopes (see the README's scope table).");
        }
        else if (!options.Demo && options.Clients.Count == 0)
        {
            failures.Add("Hub:Clients (or HUB_API_KEY) is required outside demo mode: inbound API calls need an API key.");
        }

        foreach (var (client, settings) in options.Clients)
        {
            if (string.IsNullOrWhiteSpace(settings.Key) || (!options.Demo && settings.Key.Length < MinimumKeyLength))
            {
                failures.Add($"Hub:Clients:{client}:Key must be at least {MinimumKeyLength} characters.");
            }

            var scopes = Scopes.Parse(settings.Scopes);
            if (scopes.Length == 0)
            {
                failures.Add($"Hub:Clients:{client}:Scopes must name at least one scope ({string.Join(", ", Scopes.All.Order(StringComparer.Ordinal))}).");
            }

            foreach (var unknown in scopes.Where(s => !Scopes.All.Contains(s)))
            {
                failures.Add($"Hub:Clients:{client}:Scopes names '{unknown}', which is not a scope ({string.Join(", ", Scopes.All.Order(StringComparer.Ordinal))}).");
            }
        }

        var duplicates = options.Clients.Where(c => !string.IsNullOrEmpty(c.Value.Key)).GroupBy(c => c.Value.Key, StringComparer.Ordinal).Where(g => g.Count() > 1);
        foreach (var group in duplicates)
        {
            failures.Add($"Hub:Clients:{string.Join(", ", group.Select(c => c.Key))} share one key; every client needs its own.");
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

        if (options.MetricsSampleInterval < TimeSpan.FromMilliseconds(100) || options.MetricsSampleInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add("Hub:MetricsSampleInterval must be between 100 ms and 10 minutes.");
        }

        if (options.MaxOrderBodyBytes is < 1024 or > 64 * 1024 * 1024)
        {
            failures.Add("Hub:MaxOrderBodyBytes must be between 1024 and 67108864.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
