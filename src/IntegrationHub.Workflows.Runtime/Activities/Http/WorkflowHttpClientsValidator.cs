using Microsoft.Extensions.Options;

namespace IntegrationHub.Workflows.Runtime.Activities.Http;

/// <summary>Checks every named client at start; messages name the setting and never show a header value.</summary>
internal sealed class WorkflowHttpClientsValidator : IValidateOptions<WorkflowHttpClientsOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkflowHttpClientsOptions options)
    {
        var failures = new List<string>();
        foreach (var (client, settings) in options.Clients)
        {
            var at = $"{WorkflowHttpClientsOptions.Section}:{client}";
            if (settings.BaseAddress is not { IsAbsoluteUri: true } uri || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                failures.Add($"{at}:BaseAddress is required and must be an absolute http(s) URL without query or fragment.");
            }

            if (settings.Timeout <= TimeSpan.Zero || settings.Timeout > TimeSpan.FromMinutes(10))
            {
                failures.Add($"{at}:Timeout must be between 0 and 10 minutes (exclusive of 0).");
            }

            if (settings.MaxResponseBytes is < 1 or > 64 * 1024 * 1024)
            {
                failures.Add($"{at}:MaxResponseBytes must be between 1 and 67108864.");
            }

            using var probe = new HttpRequestMessage();
            foreach (var (header, value) in settings.Headers)
            {
                if (string.IsNullOrEmpty(value) || !probe.Headers.TryAddWithoutValidation(header, value) || header.Equals("Host", StringComparison.OrdinalIgnoreCase))
                {
                    failures.Add($"{at}:Headers:{header} is not a usable request header (empty value, content header or Host).");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
