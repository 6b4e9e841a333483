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
}

/// <summary>
/// An activity's retry policy (<c>retry: { maxAttempts: 3, delay: PT1S, backoff: exponential, maxDelay: PT30S }</c>):
/// attempts in all, first delay, constant/linear/exponential growth with jitter, cap.
/// </summary>
public sealed record RetryDefinition(int MaxAttempts, TimeSpan Delay, string Backoff, TimeSpan MaxDelay, SourceLocation Location);

/// <summary>Flowchart edge: when <see cref="Source"/> completes with <see cref="Outcome"/>, <see cref="Target"/> runs.</summary>
public sealed record ConnectionDefinition(string Source, string Outcome, string Target, SourceLocation Location);
