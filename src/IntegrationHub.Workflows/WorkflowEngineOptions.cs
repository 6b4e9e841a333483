using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Workflows;

/// <summary>Engine settings. Bound from the <c>Workflows</c> configuration section.</summary>
public sealed class WorkflowEngineOptions
{
    public const string Section = "Workflows";

    /// <summary>What the journal records per activity. The default is <see cref="JournalDetail.Activities"/>.</summary>
    public JournalDetail Journal { get; set; } = JournalDetail.Activities;

    /// <summary>
    /// Names of values masked in the journal's inputs and outputs (at <see cref="JournalDetail.Full"/>), also as nested
    /// JSON properties; case-insensitive. The default is password, secret, token, apiKey, authorization, clientSecret.
    /// </summary>
    public string[] MaskedFields { get; set; } = ["password", "secret", "token", "apiKey", "authorization", "clientSecret"];

    /// <summary>Folder of workflow files (YAML or JSON). The default is <c>./workflows</c>.</summary>
    public string Path { get; set; } = "./workflows";

    /// <summary>Reload files when they change. The default is true.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>How long finished instances (and their journal) are kept. The default is 7 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long an event sent to <c>POST /api/v1/events/{name}</c> that no instance waits for is kept for an instance
    /// that reaches a matching WaitForEvent later (it goes to the first one). The default is 10 minutes; 0 keeps none.
    /// </summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Most events kept waiting at once; beyond it an event nobody waits for is refused with 429 (the sender retries
    /// later) instead of growing the store without bound. The default is 10,000 (1 to 1,000,000).
    /// </summary>
    public int MaxQueuedEvents { get; set; } = 10_000;

    /// <summary>
    /// Largest workflow input accepted over HTTP (<c>POST /api/v1/workflows/{id}/run</c> and webhook bodies), checked
    /// before the body is read. The default is 256 KiB (1 KiB to 16 MiB).
    /// </summary>
    public int MaxInputBytes { get; set; } = 256 * 1024;

    /// <summary>Largest body of <c>POST /api/v1/events/{name}</c> (correlation id and payload). The default is 64 KiB (1 KiB to 16 MiB).</summary>
    public int MaxEventBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Largest journal value (one activity input or output, as JSON); a larger one is stored as
    /// <c>{ "$truncated": true, "bytes": n, "preview": "..." }</c>. The default is 16 KiB (256 bytes to 1 MiB).
    /// </summary>
    public int MaxJournalValueBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// How long a node owns an instance it runs without renewing (it renews at a third of this). After a crash, another
    /// node takes the instance over once the lease expired. The default is 30 seconds (1 second to 1 hour).
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How late a schedule's fire may be and still run as that fire (Quartz's misfire threshold); a fire later than this
    /// (every node was down, or busy) is a misfire, handled by the schedule's <c>misfire</c> rule. The default is 60 seconds
    /// (1 second to 1 day).
    /// </summary>
    public TimeSpan ScheduleMisfireThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// With schedules clustered on PostgreSQL: how often each node checks in with the others (Quartz's cluster check-in).
    /// A fire a dead node held waits until a live node notices the death at its own check-in. The default is 2 seconds
    /// (1 second to 5 minutes).
    /// </summary>
    public TimeSpan ScheduleCheckInInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// With schedules clustered on PostgreSQL: how long past its check-in interval a node may stay silent before the
    /// others take it for dead and take over its fires (Quartz's check-in misfire threshold). A node wrongly taken for
    /// dead costs nothing but a repeated fire, which each slot's start key turns into a no-op. The default is 8 seconds
    /// (1 second to 10 minutes).
    /// </summary>
    public TimeSpan ScheduleCheckInAllowance { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>This node's id as lease owner. The default is machine name, process id and a random suffix (unique per process).</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Trigger types definitions may use, with the settings each requires; trigger modules add theirs. The default is <c>Manual</c>.</summary>
    public Dictionary<string, string[]> Triggers { get; } = new(StringComparer.Ordinal) { ["Manual"] = [] };

    /// <summary>Trigger settings that name something the host knows, checked at load like inputs with a name kind (trigger type, setting, kind).</summary>
    public List<(string Trigger, string Setting, string Kind)> TriggerNames { get; } = [];

    /// <summary>Extra load-time checks per trigger type (e.g. a cron expression that parses); each message is one error.</summary>
    public Dictionary<string, Func<Model.TriggerDefinition, IEnumerable<string>>> TriggerChecks { get; } = new(StringComparer.Ordinal);

    public IReadOnlySet<string> TriggerTypes => Triggers.Keys.ToHashSet(StringComparer.Ordinal);
}
