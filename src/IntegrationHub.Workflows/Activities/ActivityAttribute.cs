namespace IntegrationHub.Workflows.Activities;

/// <summary>Names an activity type as workflow files use it (<c>type: Log</c>) and lists its outcomes.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ActivityAttribute(string type, string description) : Attribute
{
    public string Type { get; } = type;

    public string Description { get; } = description;

    /// <summary>Outcomes the activity completes with. The default is <c>Done</c>.</summary>
    public string[] Outcomes { get; init; } = [ActivityOutcomes.Done];

    /// <summary>When set, the outcomes are this input's literal list of strings plus <see cref="Outcomes"/> (Switch).</summary>
    public string? OutcomesFromInput { get; init; }

    /// <summary>Whether the activity holds child <c>activities</c> (Flowchart, Sequence, ForEach).</summary>
    public bool Composite { get; init; }

    /// <summary>Whether the flowchart runs it only when its inbound tokens have arrived per its <c>mode</c> input (Join).</summary>
    public bool Join { get; init; }

    /// <summary>Whether it changes something outside the instance (publishes, calls, writes); a dry run skips it and journals its inputs.</summary>
    public bool SideEffects { get; init; }
}

/// <summary>Describes one input: name as in the file, value type, whether it is required.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class ActivityInputAttribute(string name, Type type, string description) : Attribute
{
    public string Name { get; } = name;

    public Type Type { get; } = type;

    public string Description { get; } = description;

    public bool Required { get; init; }

    /// <summary>The value must be the name of a declared variable (a literal, checked when the definition loads).</summary>
    public bool VariableName { get; init; }

    /// <summary>Allowed literal values, when the input is an enumeration.</summary>
    public string[]? Allowed { get; init; }

    /// <summary>The value names a thing the host knows (<see cref="NameKinds"/>); a literal is checked at load against <see cref="IKnownNames"/>.</summary>
    public string? NameKind { get; init; }
}

public static class ActivityOutcomes
{
    public const string Done = "Done";
    public const string True = "True";
    public const string False = "False";
    public const string Default = "Default";
}
