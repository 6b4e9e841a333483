using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Sandbox.Faults;

/// <summary>
/// What a sandbox system does wrong on purpose, bound from <c>Sandbox:&lt;System&gt;:Faults</c> or put through
/// <c>PUT /__admin/faults</c>. Every fault is off by default. Decisions are drawn from one random sequence per profile,
/// seeded by <see cref="Seed"/>, so the same requests in the same order meet the same faults.
/// </summary>
public sealed class FaultProfile
{
    /// <summary>Added to every request before it is answered. The default is none.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>A random extra delay between 0 and this, on top of <see cref="Latency"/>. The default is none.</summary>
    public TimeSpan Jitter { get; set; }

    /// <summary>Share of requests (0-1) answered with <see cref="ErrorStatus"/> instead of being handled. The default is 0.</summary>
    public double ErrorRate { get; set; }

    /// <summary>The status of an injected error: 429 or 500-599. The default is 503.</summary>
    public int ErrorStatus { get; set; } = 503;

    /// <summary>Sent as <c>Retry-After</c> (whole seconds) with an injected error; none when unset.</summary>
    public TimeSpan? ErrorRetryAfter { get; set; }

    /// <summary>Share of requests (0-1) whose connection is aborted (reset) without an answer. The default is 0.</summary>
    public double ResetRate { get; set; }

    /// <summary>
    /// Share of requests (0-1) before which every token or session the system issued is expired (through the sandbox's
    /// <see cref="ISandboxTokenExpiry"/>), so the request is refused as a vendor does with an expired token. The default is 0.
    /// </summary>
    public double TokenExpiryRate { get; set; }

    /// <summary>Periods in which every request is answered 503 with a <c>Retry-After</c> until the period ends.</summary>
    public List<OutageWindow> Outages { get; set; } = [];

    /// <summary>
    /// At most this many resets, errors and token expiries after the profile is applied, then the system behaves (latency
    /// and outages still apply); unset means no limit. "Fail the next two calls" is <c>ErrorRate = 1, MaxFaults = 2</c>.
    /// </summary>
    public int? MaxFaults { get; set; }

    /// <summary>
    /// Request paths the faults apply to (prefixes, e.g. <c>/cgi/crm/v2/data/create</c>); empty means every path. Requests
    /// elsewhere pass untouched and draw nothing from the random sequence.
    /// </summary>
    public List<string> Paths { get; set; } = [];

    /// <summary>Seed of the fault decisions; unset means a different sequence every time.</summary>
    public int? Seed { get; set; }

    [JsonIgnore]
    public bool IsEmpty =>
        Latency == TimeSpan.Zero && Jitter == TimeSpan.Zero && ErrorRate == 0 && ResetRate == 0 && TokenExpiryRate == 0 && Outages.Count == 0;

    /// <summary>
    /// Reads and validates <c>Sandbox:&lt;system&gt;:Faults</c>; an absent section is a profile without faults.
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is invalid or unknown; each failure names the setting.</exception>
    public static FaultProfile FromConfiguration(IConfiguration? configuration, string system)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(system);
        var section = $"Sandbox:{system}:Faults";
        var profile = new FaultProfile();
        var config = configuration?.GetSection(section);
        if (config is not null && config.Exists())
        {
            try
            {
                config.Bind(profile, o => o.ErrorOnUnknownConfiguration = true);
            }
            catch (InvalidOperationException ex) when (!ex.Message.StartsWith("Failed to convert", StringComparison.Ordinal))
            {
                throw new OptionsValidationException(section, typeof(FaultProfile),
                    [$"{section} has a setting FaultProfile does not know (known: Latency, Jitter, ErrorRate, ErrorStatus, ErrorRetryAfter, ResetRate, TokenExpiryRate, Outages, MaxFaults, Paths, Seed)."]);
            }
        }

        var errors = FaultProfileValidator.Validate(profile, section + ":");
        return errors.Count == 0 ? profile : throw new OptionsValidationException(section, typeof(FaultProfile), errors);
    }

    /// <summary>A deep copy, so a profile in use never changes under the middleware.</summary>
    public FaultProfile Clone()
    {
        var copy = (FaultProfile)MemberwiseClone();
        copy.Outages = [.. Outages.Select(o => o with { })];
        copy.Paths = [.. Paths];
        return copy;
    }
}
