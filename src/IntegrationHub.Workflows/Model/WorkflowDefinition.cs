namespace IntegrationHub.Workflows.Model;

/// <summary>
/// A parsed workflow definition (Elsa 3 vocabulary): a stable <see cref="DefinitionId"/>, a <see cref="Version"/>,
/// triggers, declared variables, and a root activity (a Flowchart or a Sequence).
/// </summary>
public sealed record WorkflowDefinition(
    string DefinitionId,
    int Version,
    string? Name,
    string? Description,
    IReadOnlyList<TriggerDefinition> Triggers,
    IReadOnlyList<VariableDefinition> Variables,
    ActivityNode Root,
    SourceLocation Location)
{
    /// <summary>When instances are written to the store; <see cref="InstancePersistence.Always"/> unless the file says otherwise.</summary>
    public InstancePersistence Persistence { get; init; } = InstancePersistence.Always;

    /// <summary>Declared workflow inputs (Elsa's <c>inputs</c>): properties of the instance input that JavaScript reads with <c>getName()</c>.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>The file's format: <see cref="DefinitionFormat.Hub"/> (YAML or JSON in the hub's shape) or <see cref="DefinitionFormat.Elsa"/> (an Elsa 3 definition, imported).</summary>
    public DefinitionFormat Format { get; init; } = DefinitionFormat.Hub;

    /// <summary>For an imported Elsa definition, the file's whole JSON as read (its activities' original JSON is also on each <see cref="ActivityNode.Original"/>); null otherwise.</summary>
    public System.Text.Json.Nodes.JsonObject? Original { get; init; }
}

/// <summary>Which shape a workflow file has.</summary>
public enum DefinitionFormat
{
    /// <summary>The hub's own YAML (or JSON in the same shape).</summary>
    Hub,

    /// <summary>An Elsa 3 workflow definition (JSON, as Elsa Studio exports it), mapped onto the hub's activities when loaded.</summary>
    Elsa,
}

/// <summary>When a workflow's instances are written to the instance store (top-level <c>persistence</c>).</summary>
public enum InstancePersistence
{
    /// <summary><c>always</c>: every instance is stored when it starts (with its lease) and when it ends or suspends.</summary>
    Always,

    /// <summary>
    /// <c>onSuspendOrFault</c>: an instance runs in memory and is stored only if it suspends, faults or is cancelled; one
    /// that finishes in one go leaves no row. For high-volume message flows whose trigger is already durable (a Kafka
    /// record is redelivered until its offset is committed), where a row per message costs more than the work.
    /// </summary>
    OnSuspendOrFault,
}

/// <summary>What starts instances: a type (for example <c>Manual</c>, <c>Kafka.MessageReceived</c>) and its settings.</summary>
public sealed record TriggerDefinition(string Type, IReadOnlyDictionary<string, InputSource> Settings, SourceLocation Location);

/// <summary>A declared variable with its type name (<c>string</c>, <c>int</c>, <c>long</c>, <c>decimal</c>, <c>bool</c>, <c>datetime</c>, <c>json</c>, <c>object</c>) and initial value.</summary>
public sealed record VariableDefinition(string Name, string TypeName, InputSource? Value, SourceLocation Location);

/// <summary>
/// One activity in a definition: its id, type, inputs, and for composites (Flowchart, Sequence, ForEach) its
/// children and, for a Flowchart, the connections between them.
/// </summary>
public sealed record ActivityNode(
    string Id,
    string Type,
    IReadOnlyDictionary<string, InputSource> Inputs,
    IReadOnlyList<ActivityNode> Activities,
    IReadOnlyList<ConnectionDefinition> Connections,
    SourceLocation Location)
{
    /// <summary>How a failing execution is retried before it becomes an incident; none by default.</summary>
    public RetryDefinition? Retry { get; init; }

    /// <summary>A Flowchart's explicit start activity (Elsa's <c>start</c>); when null the Start activity, else the one without inbound connections.</summary>
    public string? StartId { get; init; }

    /// <summary>For an activity imported from an Elsa definition, its Elsa type and JSON as read (kept so nothing is lost on export).</summary>
    public System.Text.Json.Nodes.JsonObject? Original { get; init; }
}

/// <summary>
/// An activity's retry policy (<c>retry: { maxAttempts: 3, delay: PT1S, backoff: exponential, maxDelay: PT30S }</c>):
/// attempts in all, first delay, constant/linear/exponential growth with jitter, cap.
/// </summary>
public sealed record RetryDefinition(int MaxAttempts, TimeSpan Delay, string Backoff, TimeSpan MaxDelay, SourceLocation Location);

/// <summary>Flowchart edge: when <see cref="Source"/> completes with <see cref="Outcome"/>, <see cref="Target"/> runs.</summary>
public sealed record ConnectionDefinition(string Source, string Outcome, string Target, SourceLocation Location);
