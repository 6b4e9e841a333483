using System.Collections.Frozen;
using IntegrationHub.Workflows.Activities;

namespace IntegrationHub.Workflows.Execution;

/// <summary>One activity of an executable workflow: its implementation, compiled inputs, body and flowchart edges.</summary>
internal sealed class CompiledNode(string id, ActivityDescriptor descriptor, IActivity activity, FrozenDictionary<string, CompiledInput> inputs)
{
    public string Id { get; } = id;

    public ActivityDescriptor Descriptor { get; } = descriptor;

    public IActivity Activity { get; } = activity;

    public FrozenDictionary<string, CompiledInput> Inputs { get; } = inputs;

    /// <summary>The activity's retry pipeline (Polly), when its definition sets <c>retry</c>.</summary>
    public Polly.ResiliencePipeline? Retry { get; set; }

    /// <summary>The children of a composite (Flowchart, Sequence, ForEach).</summary>
    public CompiledGraph? Body { get; set; }

    /// <summary>Tokens a Join waits for: its inbound connections (WaitAll), or 1 (WaitAny). 0 for other activities.</summary>
    public int TokensToRun { get; set; }

    /// <summary>Flowchart edges by outcome.</summary>
    public FrozenDictionary<string, CompiledNode[]> Next { get; set; } = FrozenDictionary<string, CompiledNode[]>.Empty;
}

/// <summary>Children of a composite. With connections it runs as a flowchart from <see cref="Start"/>; without, in order.</summary>
internal sealed class CompiledGraph(CompiledNode[] nodes, CompiledNode? start, bool flowchart)
{
    public CompiledNode[] Nodes { get; } = nodes;

    public CompiledNode? Start { get; } = start;

    public bool IsFlowchart { get; } = flowchart;
}
