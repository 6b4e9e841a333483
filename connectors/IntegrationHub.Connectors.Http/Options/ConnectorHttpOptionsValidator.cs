using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Http.Options;

/// <summary>Checks one connector's <see cref="ConnectorHttpOptions"/>; every message names the setting by its configuration key.</summary>
internal sealed class ConnectorHttpOptionsValidator(string connector, string section) : IValidateOptions<ConnectorHttpOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectorHttpOptions options)
    {
        if (name != connector)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BaseUrl))
        {
            errors.Add($"{section}:BaseUrl is required (the vendor API's base URL).");
        }
        else if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{section}:BaseUrl must be an absolute http(s) URL.");
        }

        Between(errors, "Timeout", options.Timeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        Between(errors, "AttemptTimeout", options.AttemptTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        if (options.AttemptTimeout > options.Timeout)
        {
            errors.Add($"{section}:AttemptTimeout must not be longer than {section}:Timeout.");
        }

        var retry = options.Retry;
        Between(errors, "Retry:MaxRetries", retry.MaxRetries, 0, 10);
        Between(errors, "Retry:BaseDelay", retry.BaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Between(errors, "Retry:MaxDelay", retry.MaxDelay, retry.BaseDelay, TimeSpan.FromHours(1), $"{section}:Retry:BaseDelay");
        Between(errors, "Retry:MaxRetryAfter", retry.MaxRetryAfter, TimeSpan.Zero, TimeSpan.FromHours(1));

        var breaker = options.CircuitBreaker;
        if (!(breaker.FailureRatio > 0 && breaker.FailureRatio <= 1))
        {
            errors.Add($"{section}:CircuitBreaker:FailureRatio must be more than 0 and at most 1.");
        }

        Between(errors, "CircuitBreaker:MinimumThroughput", breaker.MinimumThroughput, 2, 100_000);
        Between(errors, "CircuitBreaker:SamplingDuration", breaker.SamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        Between(errors, "CircuitBreaker:BreakDuration", breaker.BreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));

        var limits = options.Limits;
        Between(errors, "Limits:MaxConcurrency", limits.MaxConcurrency, 1, 10_000);
        Between(errors, "Limits:PermitLimit", limits.PermitLimit, 0, 1_000_000);
        Between(errors, "Limits:DailyPermitLimit", limits.DailyPermitLimit, 0, 100_000_000);
        Between(errors, "Limits:QueueLimit", limits.QueueLimit, 0, 1_000_000);
        if (limits.PermitLimit > 0)
        {
            Between(errors, "Limits:Window", limits.Window, TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1));
            Between(errors, "Limits:SegmentsPerWindow", limits.SegmentsPerWindow, 1, 1000);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void Between<T>(List<string> list, string key, T value, T min, T max, string? minName = null)
            where T : IComparable<T>
        {
            if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
            {
                list.Add($"{section}:{key} must be between {minName ?? min.ToString()} and {max}.");
            }
        }
    }
}
