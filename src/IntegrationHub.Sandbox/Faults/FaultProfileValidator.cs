namespace IntegrationHub.Sandbox.Faults;

/// <summary>Checks a <see cref="FaultProfile"/>; every message names the setting (with the caller's prefix, e.g. <c>Sandbox:Fxiaoke:Faults:</c>).</summary>
public static class FaultProfileValidator
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(10);

    public static IReadOnlyList<string> Validate(FaultProfile profile, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(profile);
        var errors = new List<string>();
        if (profile.Outages is null || profile.Paths is null)
        {
            return [$"{prefix}{(profile.Outages is null ? "Outages" : "Paths")} must be a list (empty for none)."];
        }

        Delay(profile.Latency, "Latency");
        Delay(profile.Jitter, "Jitter");
        Rate(profile.ErrorRate, "ErrorRate");
        Rate(profile.ResetRate, "ResetRate");
        Rate(profile.TokenExpiryRate, "TokenExpiryRate");
        if (profile.ErrorStatus is not (429 or (>= 500 and <= 599)))
        {
            errors.Add($"{prefix}ErrorStatus must be 429 or between 500 and 599.");
        }

        if (profile.ErrorRetryAfter is { } retryAfter && (retryAfter < TimeSpan.Zero || retryAfter > TimeSpan.FromHours(1)))
        {
            errors.Add($"{prefix}ErrorRetryAfter must be between 00:00:00 and 01:00:00.");
        }

        if (profile.MaxFaults is < 0)
        {
            errors.Add($"{prefix}MaxFaults must be 0 or more.");
        }

        for (var i = 0; i < profile.Paths.Count; i++)
        {
            if (profile.Paths[i] is not ['/', ..])
            {
                errors.Add($"{prefix}Paths:{i} must start with '/'.");
            }
        }

        for (var i = 0; i < profile.Outages.Count; i++)
        {
            var outage = profile.Outages[i];
            if (outage is null || outage.Duration <= TimeSpan.Zero || outage.Duration > TimeSpan.FromDays(1))
            {
                errors.Add($"{prefix}Outages:{i}:Duration must be more than 00:00:00 and at most 1.00:00:00.");
            }
        }

        return errors;

        void Delay(TimeSpan value, string key)
        {
            if (value < TimeSpan.Zero || value > MaxDelay)
            {
                errors.Add($"{prefix}{key} must be between 00:00:00 and 00:10:00.");
            }
        }

        void Rate(double value, string key)
        {
            if (!(value >= 0 && value <= 1))
            {
                errors.Add($"{prefix}{key} must be between 0 and 1.");
            }
        }
    }
}
