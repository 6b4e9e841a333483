namespace IntegrationHub.Sandbox.Faults;

/// <summary>
/// A period in which the system is down: every request is answered 503 with a <c>Retry-After</c> until <see cref="Duration"/>
/// has passed since <see cref="Start"/> (read from the sandbox's TimeProvider).
/// </summary>
public sealed record OutageWindow
{
    /// <summary>When the outage begins; unset means when the profile is applied (sandbox start or the admin call).</summary>
    public DateTimeOffset? Start { get; set; }

    /// <summary>How long it lasts; more than zero.</summary>
    public TimeSpan Duration { get; set; }
}
