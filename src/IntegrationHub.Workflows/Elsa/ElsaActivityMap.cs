using System.Collections.Frozen;

namespace IntegrationHub.Workflows.Elsa;

/// <summary>What an Elsa activity that starts a workflow (<c>canStartWorkflow</c>) becomes in the hub.</summary>
public enum ElsaTrigger { None, Webhook, Cron, Timer }

/// <summary>
/// How one Elsa activity type maps onto a hub activity: its inputs (Elsa property → hub input), its outputs bound to a
/// variable (Elsa output → the hub input that names the variable), the properties the hub accepts without effect
/// (documented in docs/elsa.md), and whether it starts the workflow. Any other property with a value is a load error.
/// </summary>
public sealed record ElsaActivityMapping(
    string ElsaType,
    string HubType,
    FrozenDictionary<string, string> Inputs,
    FrozenDictionary<string, string> Outputs,
    FrozenSet<string> Inert)
{
    /// <summary>The trigger it stands for when it starts the workflow.</summary>
    public ElsaTrigger Trigger { get; init; }

    /// <summary>Every outbound port is the hub's Done (a fork's named branches all start).</summary>
    public bool AnyPortIsDone { get; init; }

    /// <summary>Hub inputs set when the Elsa activity leaves them out, as Elsa behaves then (a WriteLine without text writes an empty line).</summary>
    public IReadOnlyDictionary<string, string> Defaults { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>Holds one activity in <c>body</c> (Elsa's loops): the hub activity's single child.</summary>
    public bool HasBody => HubType is "ForEach" or "ParallelForEach";
}

/// <summary>The table of Elsa 3 built-in activities the hub runs (docs/elsa.md shows the same table for people).</summary>
public static class ElsaActivityMap
{
    /// <summary>Properties every Elsa activity may carry that are not inputs: identity, designer data, flags.</summary>
    public static readonly FrozenSet<string> Common = new[]
    {
        "id", "nodeId", "type", "version", "name", "displayName", "description", "customProperties", "metadata",
        "canStartWorkflow", "runAsynchronously", "source", "line", "applicationProperties",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly ElsaActivityMapping[] All =
    [
        Map("Elsa.Flowchart", "Flowchart"),
        Map("Elsa.Sequence", "Sequence"),
        Map("Elsa.Start", "Start"),
        Map("Elsa.WriteLine", "Log", inputs: [("text", "message")]) with { Defaults = new Dictionary<string, string> { ["message"] = "" } },
        Map("Elsa.SetVariable", "SetVariable", inputs: [("variable", "variable"), ("value", "value")]),
        Map("Elsa.SetOutput", "SetVariable", inputs: [("outputName", "variable"), ("outputValue", "value")]),
        Map("Elsa.FlowDecision", "If", inputs: [("condition", "condition")]),
        Map("Elsa.FlowFork", "Fork", inert: ["branches"]) with { AnyPortIsDone = true },
        Map("Elsa.FlowJoin", "Join", inputs: [("mode", "mode")]),
        Map("Elsa.Delay", "Delay", inputs: [("timeSpan", "duration")], inert: ["strategy", "autoBlockingThreshold"]),
        Map("Elsa.Event", "WaitForEvent", inputs: [("eventName", "event")], outputs: [("result", "variable")]),
        Map("Elsa.PublishEvent", "Event.Raise", inputs: [("eventName", "event"), ("correlationId", "correlationId"), ("payload", "payload")], inert: ["isLocalEvent", "workflowInstanceId"]),
        Map("Elsa.ExecuteWorkflow", "RunWorkflow", inputs: [("workflowDefinitionId", "definitionId"), ("input", "input")], outputs: [("result", "resultVariable")], inert: ["waitForCompletion"]),
        Map("Elsa.ForEach", "ForEach", inputs: [("items", "items")], outputs: [("currentValue", "variable")]),
        Map("Elsa.ParallelForEach", "ParallelForEach", inputs: [("items", "items")], outputs: [("currentValue", "variable")]),
        Map("Elsa.RunJavaScript", "RunJavaScript", inputs: [("script", "script"), ("possibleOutcomes", "possibleOutcomes")], outputs: [("result", "resultVariable")]),
        Map("Elsa.Finish", "End"),
        Map("Elsa.End", "End"),
        Map("Elsa.Complete", "End", inert: ["outcomes"]),
        Map("Elsa.Fault", "Fail", inputs: [("message", "message")], inert: ["code", "category", "faultType"]),
        Map("Elsa.HttpEndpoint", "Start", inert: [
            "path", "supportedMethods", "authorize", "policy", "requestTimeout", "requestSizeLimit", "fileSizeLimit",
            "allowedFileExtensions", "blockedFileExtensions", "allowedMimeTypes", "exposeRequestTooLargeOutcome",
            "exposeFileTooLargeOutcome", "exposeInvalidFileExtensionOutcome", "exposeInvalidFileMimeTypeOutcome", "result",
        ]) with { Trigger = ElsaTrigger.Webhook },
        Map("Elsa.Cron", "Start", inert: ["cronExpression", "result"]) with { Trigger = ElsaTrigger.Cron },
        Map("Elsa.Timer", "Start", inert: ["interval", "result"]) with { Trigger = ElsaTrigger.Timer },
    ];

    /// <summary>The table in order; for export the first mapping of a hub type that covers an activity's inputs wins.</summary>
    public static IReadOnlyList<ElsaActivityMapping> Mappings => All;

    public static readonly FrozenDictionary<string, ElsaActivityMapping> ByElsaType = All.ToFrozenDictionary(m => m.ElsaType, StringComparer.Ordinal);

    /// <summary>Elsa activity types the hub knows but cannot run yet, with why (shown in the load error).</summary>
    public static readonly FrozenDictionary<string, string> Unsupported = new Dictionary<string, string>
    {
        ["Elsa.RunCSharp"] = "a script activity has no hub equivalent yet; use an expression on an input",
        ["Elsa.FlowSwitch"] = "the hub's Switch matches one value against cases; Elsa's cases are conditions",
        ["Elsa.Switch"] = "the hub's Switch matches one value against cases; Elsa's cases are conditions",
        ["Elsa.If"] = "Elsa's If holds Then/Else activities; use Elsa.FlowDecision in a flowchart",
        ["Elsa.While"] = "loops are drawn as connections back in a flowchart in the hub",
        ["Elsa.FlowNode"] = "a flow node wrapping a body has no hub equivalent; put the body's activities in the flowchart",
        ["Elsa.Correlate"] = "an instance's correlation id is set by its trigger in the hub",
        ["Elsa.SetName"] = "the hub's instances have no name",
        ["Elsa.WriteHttpResponse"] = "the hub's webhook answers 202 when the instance finished; it does not send a workflow-made response",
        ["Elsa.SendHttpRequest"] = "the hub sends HTTP through named clients (SendHttpRequest with a client); an Elsa URL has no client",
        ["Elsa.FlowSendHttpRequest"] = "the hub sends HTTP through named clients (SendHttpRequest with a client); an Elsa URL has no client",
        ["Elsa.Break"] = "the hub's loops have no break",
        ["Elsa.Inline"] = "an inline activity is .NET code",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static ElsaActivityMapping Map(string elsa, string hub, (string, string)[]? inputs = null, (string, string)[]? outputs = null, string[]? inert = null) =>
        new(elsa, hub,
            (inputs ?? []).ToFrozenDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal),
            (outputs ?? []).ToFrozenDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal),
            (inert ?? []).ToFrozenSet(StringComparer.Ordinal));
}
